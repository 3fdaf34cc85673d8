package dev.ibac.webhook.auditor;

import static dev.ibac.webhook.auditor.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Server-rendered, dependency-free HTML for the auditor page; every value escaped. */
final class AuditPageRenderer {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1f23}
            h1{font-size:1.3rem}form{margin:1rem 0;display:flex;gap:.5rem;flex-wrap:wrap}
            input,select{padding:.3rem}label{font-size:.85rem;color:#444}table{border-collapse:collapse;width:100%;font-size:.85rem}
            th,td{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
            tr.deny td.decision{color:#b00020;font-weight:bold}tr.allow td.decision{color:#1b7f3b;font-weight:bold}
            .muted{color:#666}ul{margin:0;padding-left:1rem}
            """;

    String page(AuditLogReader.Found found, Map<String, String> filters, String auditor, int window) {
        List<JsonNode> entries = found.newestFirst();
        StringBuilder html = new StringBuilder(4096 + Math.min(entries.size(), AuditorPage.ROWS_SHOWN) * 800);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IBAC audit</title><style>")
                .append(STYLE).append("</style></head><body><h1>IBAC verdicts</h1><p class=\"muted\">read-only, as ")
                .append(escape(auditor)).append("</p>");
        form(html, filters);
        html.append("<p class=\"muted\" id=\"count\">").append(summary(found, window)).append("</p>");
        html.append("<table><thead><tr><th>time</th><th>decision</th><th>stage</th><th>mission</th><th>agent</th>")
                .append("<th>action</th><th>reasoning</th><th>judge</th><th>cost</th><th>budget left</th></tr></thead><tbody>");
        entries.stream().limit(AuditorPage.ROWS_SHOWN).forEach(e -> row(html, e));
        return html.append("</tbody></table></body></html>").toString();
    }

    private static String summary(AuditLogReader.Found found, int window) {
        int matches = found.newestFirst().size();
        String text = matches + (matches == 1 ? " verdict" : " verdicts");
        if (found.windowFull()) {
            text += " among the newest " + window + " entries (older ones: audit query --rotated)";
        }
        if (matches > AuditorPage.ROWS_SHOWN) {
            text += "; the newest " + AuditorPage.ROWS_SHOWN + " shown, narrow the filters to see others";
        }
        return text;
    }

    private static void form(StringBuilder html, Map<String, String> filters) {
        html.append("<form method=\"get\" action=\"/audit\">");
        for (List<String> field : List.of(List.of("mission", "ns/name"), List.of("agent", "username, * globs"),
                List.of("namespace", "namespace"), List.of("since", "24h or RFC 3339 time"))) {
            html.append("<label>").append(field.get(0)).append(" <input name=\"").append(field.get(0))
                    .append("\" placeholder=\"").append(field.get(1)).append("\" value=\"")
                    .append(escape(filters.getOrDefault(field.get(0), ""))).append("\"></label>");
        }
        String decision = filters.getOrDefault("decision", "");
        html.append("<label>decision <select name=\"decision\">");
        for (String option : List.of("", "allow", "deny")) {
            html.append("<option value=\"").append(option).append('"').append(option.equals(decision) ? " selected" : "")
                    .append('>').append(option.isEmpty() ? "any decision" : option).append("</option>");
        }
        html.append("</select></label><button type=\"submit\" id=\"filter\">Filter</button></form>");
    }

    private static void row(StringBuilder html, JsonNode e) {
        String decision = e.path("decision").asText();
        html.append("<tr class=\"").append("deny".equals(decision) ? "deny" : "allow").append("\">")
                .append(cell(e.path("time").asText().replaceFirst("\\.\\d+Z$", "Z").replace('T', ' ')))
                .append("<td class=\"decision\">").append(escape(decision))
                .append(e.path("enforced").asBoolean(true) ? "" : " (not enforced)").append("</td>")
                .append(cell(e.path("stage").asText()))
                .append(cell(e.path("mission").asText("—")))
                .append(cell(e.at("/agent/username").asText()))
                .append(cell(action(e)))
                .append("<td class=\"reason\">").append(escape(e.path("reason").asText())).append("</td>")
                .append(cell(judge(e.path("judge"))));
        cost(html, e.path("cost"));
        html.append(cell(budget(e.path("budget")))).append("</tr>");
    }

    private static void cost(StringBuilder html, JsonNode cost) {
        html.append("<td>tokens $").append(escape(cost.path("tokensUSD").asText())).append(", resources $")
                .append(escape(cost.path("resourceUSD").asText())).append("<ul>");
        cost.path("breakdown").properties().forEach(f -> html.append("<li>").append(escape(f.getKey())).append(": ")
                .append(escape(f.getValue().asText())).append("</li>"));
        html.append("</ul></td>");
    }

    private static String action(JsonNode e) {
        String sub = e.at("/resource/subresource").asText();
        String ns = e.path("namespace").asText();
        return e.path("operation").asText() + " " + e.at("/resource/resource").asText() + (sub.isEmpty() ? "" : "/" + sub) + " "
                + (ns.isEmpty() ? "" : ns + "/") + e.path("name").asText() + (e.path("dryRun").asBoolean() ? " (dry run)" : "");
    }

    private static String judge(JsonNode judge) {
        if (judge.isMissingNode() || judge.isNull()) {
            return "—";
        }
        return judge.path("name").asText() + (judge.path("model").isTextual() ? " (" + judge.path("model").asText() + ")" : "")
                + ", risk " + judge.path("risk").asText("?") + ", confidence " + judge.path("confidence").asText() + "%"
                + ", tokens " + judge.at("/tokens/input").asText() + "/" + judge.at("/tokens/output").asText();
    }

    private static String budget(JsonNode budget) {
        if (budget.path("tokensLeft").isNull() && budget.path("costLeftUSD").isNull()) {
            return "—";
        }
        String tokens = budget.path("tokensLeft").isNull() ? "unlimited" : budget.path("tokensLeft").asText();
        String usd = budget.path("costLeftUSD").isNull() ? "unlimited" : "$" + budget.path("costLeftUSD").asText();
        return "tokens " + tokens + ", " + usd;
    }

    private static String cell(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    /** {@code presented}: a token was given but is not an auditor's, which is not the same as none. */
    String unauthorized(String hint, boolean presented) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IBAC audit: 401</title></head><body>"
                + "<h1>401: " + (presented ? "this bearer token is not accepted" : "an auditor's bearer token is required")
                + "</h1><p>" + escape(hint) + "</p></body></html>";
    }
}
