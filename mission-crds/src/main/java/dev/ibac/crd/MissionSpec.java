package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code Mission.spec}; see SPEC §2. Absent optional sections read as their defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionSpec(
        String goal,
        AgentRef agent,
        MissionScope scope,
        MissionBudget budget,
        MissionLimits limits,
        JudgeSettings judge,
        String expiresAt,
        Boolean suspended,
        MissionApproval approval) {

    /** A spec written before {@code approval} existed. */
    public MissionSpec(String goal, AgentRef agent, MissionScope scope, MissionBudget budget, MissionLimits limits,
            JudgeSettings judge, String expiresAt, Boolean suspended) {
        this(goal, agent, scope, budget, limits, judge, expiresAt, suspended, null);
    }

    public MissionApproval approvalOrDefault() {
        return approval == null ? MissionApproval.NONE : approval;
    }

    public MissionScope scopeOrDefault() {
        return scope == null ? MissionScope.EMPTY : scope;
    }

    public MissionLimits limitsOrDefault() {
        return limits == null ? MissionLimits.DEFAULT : limits;
    }

    public JudgeSettings judgeOrDefault() {
        return judge == null ? JudgeSettings.DEFAULT : judge;
    }

    /** The kill switch, false when unset. (Not named isSuspended: Jackson would take it for the field.) */
    public boolean suspendedOrDefault() {
        return Boolean.TRUE.equals(suspended);
    }

    /** The expiry instant; empty when unset. Throws {@link DateTimeParseException} when malformed. */
    public Optional<Instant> expiry() {
        return expiresAt == null || expiresAt.isBlank() ? Optional.empty() : Optional.of(Instant.parse(expiresAt));
    }
}
