package dev.ibac.judge.semantic;

import dev.ibac.judge.Effect;

/** How one effect stands against the goal (SPEC §7). */
sealed interface Assessment {
    Effect effect();

    /** The goal asks for it; {@code quote} is the goal's words. */
    record Asked(Effect effect, String quote) implements Assessment {}

    /** The goal rules it out or asks for its opposite: {@code why} reads after "but". */
    record Contradicted(Effect effect, String why, String quote) implements Assessment {}

    /** The goal says nothing of it. */
    record Neutral(Effect effect) implements Assessment {}
}
