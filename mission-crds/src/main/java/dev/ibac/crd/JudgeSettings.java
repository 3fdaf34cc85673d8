package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How a mission's verdicts are applied, what a judge failure means and what an uncertain verdict means (SPEC §5a). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JudgeSettings(Mode mode, OnError onError, String model, OnUncertain onUncertain) {
    public static final JudgeSettings DEFAULT = new JudgeSettings(Mode.Enforce, OnError.Deny, null, OnUncertain.Deny);

    public enum Mode { Enforce, Warn, DryRun }

    public enum OnError { Deny, Allow }

    /** {@code Approve}: an uncertain verdict asks a human (an Approval) instead of denying outright. */
    public enum OnUncertain { Deny, Approve }

    /** Settings written before {@code onUncertain} existed: it reads as its default, Deny. */
    public JudgeSettings(Mode mode, OnError onError, String model) {
        this(mode, onError, model, null);
    }

    public Mode modeOrDefault() {
        return mode == null ? Mode.Enforce : mode;
    }

    public OnError onErrorOrDefault() {
        return onError == null ? OnError.Deny : onError;
    }

    public OnUncertain onUncertainOrDefault() {
        return onUncertain == null ? OnUncertain.Deny : onUncertain;
    }
}
