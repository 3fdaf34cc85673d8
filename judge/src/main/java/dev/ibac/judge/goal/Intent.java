package dev.ibac.judge.goal;

/** What a goal can ask for or rule out, in the terms effects are judged by. */
public enum Intent {
    SCALE_UP, SCALE_DOWN, CREATE, DELETE, EXPOSE, CHANGE_IMAGE, SUSPEND, SCHEDULE, RESOURCES_UP, RESOURCES_DOWN,
    PERMISSIONS, EGRESS, CONFIGURE, ROTATE, AVAILABILITY, DOWNTIME, SECURE, SELF_SIGNED, GPU, HOST_ACCESS
}
