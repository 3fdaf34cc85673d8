package dev.ibac.judge.guard;

import dev.ibac.crd.PodSecurityLevel;
import dev.ibac.judge.guard.PodFields.Hit;
import dev.ibac.judge.guard.PodSecurityStandards.Control;

/**
 * One field of a pod that breaks one control of the {@code level} the pod was held to (restricted
 * includes baseline's controls): {@code path} (full, in the object) {@code found}
 * ("contains NET_RAW", "is Unconfined", "is unset"), what the control allows and how to fix it.
 * {@code opens} is the exception control that may admit it (null: none can), {@code value} what an
 * exception is matched against (a capability, a port, a sysctl name, a host path).
 */
record PodSecurityViolation(PodSecurityLevel level, Control control, String path, String found, String allowed, String fix, String opens, String value, Hit hit) {
    /** {@code Pod Security baseline (Capabilities): spec.containers[1].securityContext.capabilities.add contains NET_RAW (allowed: …); drop it} */
    String text() {
        return "Pod Security " + level + " (" + control.name() + "): " + path + " " + found + " (allowed: " + allowed + "); " + fix;
    }
}
