package dev.ibac.webhook.pipeline;

import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus.Phase;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;

/** A mission's phase now: Suspended and Expired from its spec, Exhausted from the budget ledger. */
public final class MissionPhases {
    private final Clock clock;
    private final Predicate<Mission> exhausted;

    public MissionPhases(Clock clock, Predicate<Mission> exhausted) {
        this.clock = clock;
        this.exhausted = exhausted;
    }

    public Phase phase(Mission mission) {
        if (mission.getSpec().suspendedOrDefault()) {
            return Phase.Suspended;
        }
        if (expired(mission)) {
            return Phase.Expired;
        }
        return exhausted.test(mission) ? Phase.Exhausted : Phase.Active;
    }

    /** An unparsable expiry counts as expired: failing closed is the only safe reading. */
    private boolean expired(Mission mission) {
        try {
            return mission.getSpec().expiry().map(at -> !Instant.now(clock).isBefore(at)).orElse(false);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** Why a mission is not active, phrased so the agent knows whom to ask. */
    String whyInactive(Mission mission, Phase phase) {
        return switch (phase) {
            case Suspended -> "mission " + mission.key() + " is suspended (spec.suspended: true); ask its owner to resume it";
            case Expired -> "mission " + mission.key() + " expired at " + mission.getSpec().expiresAt()
                    + "; ask its owner to extend spec.expiresAt";
            case Exhausted -> "mission " + mission.key() + " has spent its budget (spec.budget); ask its owner to raise it";
            case Active -> "mission " + mission.key() + " is active";
        };
    }
}
