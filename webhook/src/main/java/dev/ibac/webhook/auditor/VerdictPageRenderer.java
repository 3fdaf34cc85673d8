package dev.ibac.webhook.auditor;

import static dev.ibac.webhook.auditor.Html.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * {@code /audit/entries/{auditId}}: one verdict with everything its entry holds — effects, cost
 * breakdown, judge, budget left, approval, the redacted request when it was recorded, any field a
 * newer writer added — and its place in the chain, with links to the entries before and after it.
 */
final class VerdictPageRenderer {
    /** Fields the page lays out itself; any other is listed under "other fields", so nothing an entry holds is hidden. */
    private static final Set<String> SHOWN = Set.of("time", "auditId", "replica", "agent", "mission", "operation", "resource", "kind",
            "namespace", "name", "dryRun", "decision", "enforced", "mode", "stage", "reason", "judge", "effects", "approval",
            "cost", "budget", "request", "latencyMicros", "prevHash", "hash");
    private final ObjectMapper mapper = new ObjectMapper();

    String page(AuditLogReader.Located located, String auditor) {
        JsonNode e = located.entry();
        StringBuilder html = Layout.open("IBAC audit: verdict " + e.path("auditId").asText(), auditor, "");
        html.append("<h1>Verdict <span class=\"mono\" id=\"audit-id\">").append(escape(e.path("auditId").asText())).append("</span></h1>");
        html.append("<div class=\"grid\">");
        summary(html, e);
        judge(html, e);
        html.append("</div>");
        effects(html, e.path("effects"));
        html.append("<div class=\"grid\">");
        cost(html, e);
        approval(html, e.path("approval"));
        html.append("</div>");
        request(html, e.path("request"));
        others(html, e);
        chain(html, located);
        return Layout.close(html);
    }

    String notFound(String auditId, String auditor) {
        return notFound(auditId, auditor, java.util.List.of());
    }

    /** {@code silent}: the replicas that could not be asked ("ibac-1 (connection refused)"), where the entry may be. */
    String notFound(String auditId, String auditor, java.util.List<String> silent) {
        StringBuilder html = Layout.open("IBAC audit: no such verdict", auditor, "");
        return Layout.close(html.append("<h1>No verdict ").append(escape(auditId)).append("</h1><p class=\"error\" role=\"alert\">")
                .append(silent.isEmpty() ? "" : "Not on the replicas that answered; it may be on one that did not: "
                        + escape(String.join(", ", silent)) + ". ")
                .append("No kept audit entry has this id. Older entries may have been rotated away (audit query --rotated on an archive); ")
                .append("a prefix from a denial message is searched on <a href=\"/audit/verdicts?id=").append(escape(Urls.encode(auditId)))
                .append("\">the verdict list</a>.</p>"));
    }

    private static void summary(StringBuilder html, JsonNode e) {
        String decision = e.path("decision").asText();
        html.append("<section class=\"card\" id=\"summary\"><h2>Decision</h2><dl class=\"kv\">")
                .append(dt("decision")).append("<dd class=\"decision ").append("deny".equals(decision) ? "deny" : "allow").append("\">")
                .append(escape(Entries.decision(e))).append("</dd>")
                .append(kv("mode", Entries.mode(e) + ", " + Entries.enforcement(e)))
                .append(kv("stage", e.path("stage").asText()))
                .append(kv("reasoning", e.path("reason").asText()))
                .append(kv("time", e.path("time").asText()));
        if (e.path("replica").isTextual()) {
            html.append(kv("replica", e.path("replica").asText() + " (whose hash chain holds this entry)"));
        }
        html.append(dt("mission"));
        if (e.path("mission").isTextual()) {
            html.append("<dd><a href=\"/audit/verdicts?mission=").append(escape(Urls.encode(e.path("mission").asText()))).append("\">")
                    .append(escape(e.path("mission").asText())).append("</a></dd>");
        } else {
            html.append("<dd>— (no mission)</dd>");
        }
        html.append(kv("agent", e.at("/agent/username").asText()))
                .append(kv("agent groups", join(e.at("/agent/groups"))))
                .append(kv("action", Entries.action(e)))
                .append(kv("kind", e.path("kind").asText()))
                .append(kv("resource", e.at("/resource/group").asText() + "/" + e.at("/resource/version").asText()))
                .append(kv("latency", e.path("latencyMicros").asText() + " µs"))
                .append("</dl></section>");
    }

    private static void judge(StringBuilder html, JsonNode e) {
        html.append("<section class=\"card\" id=\"judge\"><h2>Judge</h2>");
        if (!Entries.judged(e)) {
            html.append("<p class=\"muted\">Not judged: an earlier stage decided.</p></section>");
            return;
        }
        JsonNode j = e.path("judge");
        html.append("<dl class=\"kv\">").append(kv("judge", j.path("name").asText()))
                .append(kv("model", j.path("model").isTextual() ? j.path("model").asText() : "—"))
                .append(kv("risk", j.path("risk").asText("—")))
                .append(kv("confidence", j.path("confidence").asText() + " %"))
                .append(kv("input tokens", j.at("/tokens/input").asText("0")))
                .append(kv("output tokens", j.at("/tokens/output").asText("0")))
                .append("</dl></section>");
    }

    private static void effects(StringBuilder html, JsonNode effects) {
        if (!effects.isArray()) {
            return;
        }
        html.append("<section class=\"card\" id=\"effects\"><h2>Effects</h2>");
        if (effects.isEmpty()) {
            html.append("<p class=\"muted\">No effects were recorded for this action.</p></section>");
            return;
        }
        html.append("<div class=\"scroll\"><table><thead><tr><th>family</th><th>risk</th><th>effect</th></tr></thead><tbody>");
        for (JsonNode effect : effects) {
            html.append("<tr><td>").append(escape(effect.path("family").asText())).append("</td><td>")
                    .append(escape(effect.path("risk").asText())).append("</td><td>").append(escape(effect.path("sentence").asText()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table></div></section>");
    }

    private static void cost(StringBuilder html, JsonNode e) {
        html.append("<section class=\"card\" id=\"cost\"><h2>Cost and budget</h2><dl class=\"kv\">")
                .append(kv("tokens", "$" + e.at("/cost/tokensUSD").asText("0")))
                .append(kv("resources", "$" + e.at("/cost/resourceUSD").asText("0")))
                .append(kv("budget left", Entries.budgetLeft(e)))
                .append("</dl>");
        JsonNode breakdown = e.at("/cost/breakdown");
        if (breakdown.isObject() && !breakdown.isEmpty()) {
            html.append("<h3>Breakdown</h3><ul id=\"breakdown\">");
            breakdown.properties().forEach(f -> html.append("<li>").append(escape(f.getKey())).append(": ")
                    .append(escape(f.getValue().asText())).append("</li>"));
            html.append("</ul>");
        }
        html.append("</section>");
    }

    private static void approval(StringBuilder html, JsonNode approval) {
        html.append("<section class=\"card\" id=\"approval\"><h2>Approval</h2>");
        if (!approval.isObject()) {
            html.append("<p class=\"muted\">No approval was involved.</p></section>");
            return;
        }
        html.append("<dl class=\"kv\">").append(kv("approval", approval.path("id").asText())).append(kv("approved by", approval.path("by").asText()))
                .append("</dl></section>");
    }

    private void request(StringBuilder html, JsonNode request) {
        if (!request.isObject()) {
            return;
        }
        html.append("<section class=\"card\" id=\"request\"><h2>Request (redacted)</h2><div class=\"grid\">");
        for (String part : new String[] {"object", "oldObject"}) {
            JsonNode value = request.path(part);
            html.append("<div><h3>").append(part).append("</h3>");
            JsonNode omitted = request.path(part + "Omitted");
            if (omitted.isTextual()) {
                html.append("<p class=\"muted\">left out of the entry: ").append(escape(omitted.asText())).append("</p>");
            } else if (value.isMissingNode() || value.isNull()) {
                html.append("<p class=\"muted\">none</p>");
            } else {
                html.append("<pre>").append(escape(pretty(value))).append("</pre>");
            }
            html.append("</div>");
        }
        html.append("</div></section>");
    }

    private void others(StringBuilder html, JsonNode e) {
        ObjectNode rest = mapper.createObjectNode();
        e.properties().forEach(f -> {
            if (!SHOWN.contains(f.getKey())) {
                rest.set(f.getKey(), f.getValue());
            }
        });
        if (!rest.isEmpty()) {
            html.append("<section class=\"card\" id=\"other-fields\"><h2>Other fields</h2><pre>").append(escape(pretty(rest)))
                    .append("</pre></section>");
        }
    }

    private static void chain(StringBuilder html, AuditLogReader.Located located) {
        JsonNode e = located.entry();
        html.append("<section class=\"card\" id=\"chain\"><h2>Place in the hash chain</h2><dl class=\"kv\">")
                .append(kv("prevHash", e.path("prevHash").asText())).append(kv("hash", e.path("hash").asText())).append("</dl>");
        JsonNode older = located.older();
        if (older != null && !older.path("hash").asText().equals(e.path("prevHash").asText())) {
            html.append("<p class=\"error\">The entry before this one does not hash to its prevHash: the chain breaks here (run audit verify --rotated).</p>");
        }
        html.append("<nav class=\"chain\">").append(neighbour(older, "prev", "← previous entry",
                "first kept entry (the ones before it were rotated away or this is the first)"))
                .append(neighbour(located.newer(), "next", "next entry →", "newest entry")).append("</nav></section>");
    }

    private static String neighbour(JsonNode entry, String id, String label, String none) {
        if (entry == null) {
            return "<span class=\"muted\" id=\"" + id + "\">" + escape(none) + "</span>";
        }
        return "<a id=\"" + id + "\" href=\"" + escape(Entries.href(entry)) + "\">" + escape(label) + ": "
                + escape(entry.path("auditId").asText()) + " (" + escape(Entries.decision(entry)) + ", " + escape(Entries.time(entry)) + ")</a>";
    }

    private String pretty(JsonNode value) {
        try {
            return value.isTextual() ? value.asText() : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    private static String join(JsonNode array) {
        StringBuilder out = new StringBuilder();
        array.forEach(g -> out.append(out.length() == 0 ? "" : ", ").append(g.asText()));
        return out.length() == 0 ? "—" : out.toString();
    }

    private static String dt(String name) {
        return "<dt>" + escape(name) + "</dt>";
    }

    private static String kv(String name, String value) {
        return dt(name) + "<dd>" + escape(value) + "</dd>";
    }
}
