package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * {@code Mission.status}: written in batches by IBAC, never by users. {@code auditHeads} holds, per
 * replica, the head of that replica's audit hash chain as of its last status write for this mission
 * (at most {@link #MAX_AUDIT_HEADS}, newest first): a record kept outside the log, so a log cut short
 * is detectable ({@code audit verify --expect-head}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionStatus(
        String phase,
        Spent spent,
        Verdicts verdicts,
        LastVerdict lastVerdict,
        List<Condition> conditions,
        List<ChainHead> auditHeads) {

    /** Replicas whose heads one Mission keeps; the CRD's {@code maxItems}. */
    public static final int MAX_AUDIT_HEADS = 16;

    public enum Phase { Active, Suspended, Expired, Exhausted }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdicts(long allowed, long denied) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastVerdict(String time, String decision, String action, String reason) {}

    /**
     * One replica's audit chain head, as its {@code <log>.head} file says: {@code entries} in the active
     * log file, the hash of the last one, and the hash that file starts from (where a rotation left
     * off); {@code time} is when the replica wrote it here.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChainHead(String replica, long entries, String lastHash, String startHash, String time) {}

    /** The same status with other spend: every field this writer does not own is kept. */
    public MissionStatus withSpent(Spent newSpent) {
        return new MissionStatus(phase, newSpent, verdicts, lastVerdict, conditions, auditHeads);
    }
}
