package dev.ibac.judge.guard;

import java.util.List;

/** What {@link ProtectGuard#decide} found: the action passes the protect stage, or is denied. */
public sealed interface ProtectResult permits ProtectResult.Admitted, ProtectResult.Denied {
    /**
     * Nothing protected stands in the way. {@code exceptions}: the mission's Pod Security exceptions
     * that admitted a field its level forbids, in the order met (empty when none was needed) — to
     * be named in the audit entry and the Event.
     */
    record Admitted(List<AdmittingException> exceptions) implements ProtectResult {
        static final Admitted PLAIN = new Admitted(List.of());

        public Admitted {
            exceptions = List.copyOf(exceptions);
        }
    }

    /** Denied; the violation's message tells the agent what to do. */
    record Denied(Violation violation) implements ProtectResult {}
}
