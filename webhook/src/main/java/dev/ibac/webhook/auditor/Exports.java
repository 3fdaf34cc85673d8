package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Function;

/**
 * The filtered verdict list as files: JSON Lines (every entry whole, as logged, so the export can be
 * hash-checked) and CSV (one row per verdict, the columns of the list). CSV cells that a spreadsheet
 * would run as a formula (starting with = + - @, tab or CR) are prefixed with a quote: agents choose
 * object names, and an export must not become a way to run something on the auditor's machine.
 */
final class Exports {
    private static final List<Column> COLUMNS = List.of(
            new Column("time", e -> e.path("time").asText()),
            new Column("auditId", e -> e.path("auditId").asText()),
            new Column("decision", e -> e.path("decision").asText()),
            new Column("enforced", e -> e.path("enforced").asText("true")),
            new Column("mode", e -> e.path("mode").asText("")),
            new Column("stage", e -> e.path("stage").asText()),
            new Column("mission", e -> e.path("mission").asText("")),
            new Column("agent", e -> e.at("/agent/username").asText()),
            new Column("operation", e -> e.path("operation").asText()),
            new Column("resource", e -> e.at("/resource/resource").asText()),
            new Column("namespace", e -> e.path("namespace").asText()),
            new Column("name", e -> e.path("name").asText()),
            new Column("reason", e -> e.path("reason").asText()),
            new Column("judge", e -> e.at("/judge/name").asText("")),
            new Column("risk", e -> e.at("/judge/risk").asText("")),
            new Column("confidence", e -> e.at("/judge/confidence").asText("")),
            new Column("inputTokens", e -> e.at("/judge/tokens/input").asText("")),
            new Column("outputTokens", e -> e.at("/judge/tokens/output").asText("")),
            new Column("tokensUSD", e -> e.at("/cost/tokensUSD").asText("")),
            new Column("resourceUSD", e -> e.at("/cost/resourceUSD").asText("")),
            new Column("hash", e -> e.path("hash").asText()));
    private final ObjectMapper mapper = new ObjectMapper();

    private record Column(String name, Function<JsonNode, String> value) {}

    String jsonLines(List<JsonNode> entries) throws JsonProcessingException {
        StringBuilder out = new StringBuilder(entries.size() * 800);
        for (JsonNode entry : entries) {
            out.append(mapper.writeValueAsString(entry)).append('\n');
        }
        return out.toString();
    }

    String csv(List<JsonNode> entries) {
        StringBuilder out = new StringBuilder(entries.size() * 400);
        out.append(String.join(",", COLUMNS.stream().map(Column::name).toList())).append("\r\n");
        for (JsonNode entry : entries) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                out.append(i == 0 ? "" : ",").append(cell(COLUMNS.get(i).value().apply(entry)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180 quoting, and no formula a spreadsheet would evaluate. */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
