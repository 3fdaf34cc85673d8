package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How a mission's verdicts are applied and what a judge failure means. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JudgeSettings(Mode mode, OnError onError, String model) {
    public static final JudgeSettings DEFAULT = new JudgeSettings(Mode.Enforce, OnError.Deny, null);

    public enum Mode { Enforce, Warn, DryRun }

    public enum OnError { Deny, Allow }

    public Mode modeOrDefault() {
        return mode == null ? Mode.Enforce : mode;
    }

    public OnError onErrorOrDefault() {
        return onError == null ? OnError.Deny : onError;
    }
}
