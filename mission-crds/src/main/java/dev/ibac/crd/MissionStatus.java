package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** {@code Mission.status}: written in batches by IBAC, never by users. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionStatus(
        String phase,
        Spent spent,
        Verdicts verdicts,
        LastVerdict lastVerdict,
        List<Condition> conditions) {

    public enum Phase { Active, Suspended, Expired, Exhausted }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdicts(long allowed, long denied) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastVerdict(String time, String decision, String action, String reason) {}
}
