package dev.ibac.webhook.pipeline;

import dev.ibac.crd.Mission;
import java.time.Duration;
import java.util.Optional;

/** Stage 5: counts an in-scope change attempt of a mission; empty when admitted, else when to retry. */
public interface RateGate {
    Optional<Duration> attempt(Mission mission);

    RateGate UNLIMITED = mission -> Optional.empty();
}
