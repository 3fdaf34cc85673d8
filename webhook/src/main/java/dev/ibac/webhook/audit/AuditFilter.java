package dev.ibac.webhook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.crd.Glob;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * What auditors filter on, shared by {@code audit query} and the auditor page. Null fields match
 * everything; {@code agent} is a glob on the username.
 */
public record AuditFilter(String mission, String agent, String decision, String namespace, Instant since)
        implements Predicate<JsonNode> {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

    public AuditFilter {
        mission = blankToNull(mission);
        agent = blankToNull(agent);
        decision = blankToNull(decision);
        namespace = blankToNull(namespace);
        if (decision != null && !decision.equals("allow") && !decision.equals("deny")) {
            throw new IllegalArgumentException("decision must be allow or deny, got \"" + decision + "\"");
        }
    }

    /**
     * Parses a {@code since} value: an RFC 3339 time ({@code 2026-11-23T10:00:00Z}) or a duration
     * back from {@code now} ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}).
     */
    public static Instant since(String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notATime) {
            if (!text.matches("\\d{1,6}[smhd]")) {
                throw new IllegalArgumentException("since must be an RFC 3339 time like 2026-11-23T10:00:00Z"
                        + " or a duration back from now like 90m, 24h, 7d; got \"" + text + "\"");
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            ChronoUnit unit = switch (text.charAt(text.length() - 1)) {
                case 's' -> ChronoUnit.SECONDS;
                case 'm' -> ChronoUnit.MINUTES;
                case 'h' -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return now.minus(Duration.of(n, unit));
        }
    }

    @Override
    public boolean test(JsonNode entry) {
        return (mission == null || mission.equals(entry.path("mission").asText(null)))
                && (agent == null || Glob.compile(agent).matches(entry.at("/agent/username").asText()))
                && (decision == null || decision.equals(entry.path("decision").asText()))
                && (namespace == null || namespace.equals(entry.path("namespace").asText()))
                && (since == null || !time(entry).isBefore(since));
    }

    private static Instant time(JsonNode entry) {
        try {
            return Instant.parse(entry.path("time").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
