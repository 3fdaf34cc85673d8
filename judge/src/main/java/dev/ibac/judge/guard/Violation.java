package dev.ibac.judge.guard;

import dev.ibac.crd.Mission;

/**
 * A deterministic guard's denial. {@code rule} names what was violated (e.g. "pod-security",
 * "destructive-delete"); {@code message} tells the agent what to do; {@code mission} is the
 * mission the message refers to (may be null).
 */
public record Violation(String rule, String message, Mission mission) {}
