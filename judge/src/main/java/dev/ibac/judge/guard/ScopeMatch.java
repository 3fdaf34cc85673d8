package dev.ibac.judge.guard;

import dev.ibac.crd.Mission;
import java.util.List;

/** Which of an agent's active missions covers an action. */
public sealed interface ScopeMatch {
    /** Exactly one mission covers the action (after honouring the ibac.io/mission annotation). */
    record InScope(Mission mission) implements ScopeMatch {}

    /** Several missions cover it and the request did not name one with ibac.io/mission. */
    record Ambiguous(List<Mission> missions) implements ScopeMatch {}

    /** No mission covers it; {@code closest} is the one the message describes. */
    record OutOfScope(String message, Mission closest) implements ScopeMatch {}
}
