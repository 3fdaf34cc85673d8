package dev.ibac.webhook.auditor;

import static dev.ibac.webhook.auditor.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.peers.ReplicaState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The verdict list: the filter form, the count, and one row per verdict, newest first; every value escaped. */
final class VerdictListRenderer {
    /** The form's fields: name, label, placeholder. */
    private static final List<List<String>> FIELDS = List.of(List.of("id", "audit id", "prefix, e.g. 7f3c9a1e"),
            List.of("mission", "mission", "ns/name"), List.of("agent", "agent", "username, * globs"),
            List.of("namespace", "namespace", "namespace"), List.of("since", "since", "24h or RFC 3339 time"));

    /**
     * {@code found}: page {@code page} of the matches, {@link AuditorPage#ROWS_SHOWN} a page;
     * {@code replicas}: each replica's part of a merged view, this one first (empty when this replica is alone).
     */
    String page(AuditLogReader.Found found, Map<String, String> filters, String auditor, int window, int page,
            List<ReplicaState> replicas) {
        List<JsonNode> entries = found.newestFirst();
        StringBuilder html = Layout.open("IBAC audit: verdicts", auditor, "verdicts");
        html.append("<h1>Verdicts</h1><section class=\"card\">");
        form(html, filters);
        replicas(html, replicas);
        html.append("<p class=\"muted\" id=\"count\">").append(summary(found, window, page, !replicas.isEmpty())).append("</p>")
                .append("<p class=\"muted\">Newest first. Export this list: <a id=\"export-jsonl\" href=\"/audit/export.jsonl")
                .append(escape(Urls.query(filters))).append("\">JSON Lines</a> · <a id=\"export-csv\" href=\"/audit/export.csv")
                .append(escape(Urls.query(filters))).append("\">CSV</a></p>");
        table(html, entries.stream().limit(AuditorPage.ROWS_SHOWN).toList(), !replicas.isEmpty());
        pages(html, filters, page, found.matches());
        return Layout.close(html.append("</section>"));
    }

    /** Newer and older pages of the same filters. */
    private static void pages(StringBuilder html, Map<String, String> filters, int page, long matches) {
        boolean older = (long) page * AuditorPage.ROWS_SHOWN < matches;
        if (page == 1 && !older) {
            return;
        }
        html.append("<nav class=\"chain\" id=\"pages\"><span>");
        if (page > 1) {
            html.append("<a id=\"newer\" href=\"/audit/verdicts").append(escape(Urls.query(withPage(filters, page - 1))))
                    .append("\">← newer</a>");
        }
        html.append("</span><span>");
        if (older) {
            html.append("<a id=\"older\" href=\"/audit/verdicts").append(escape(Urls.query(withPage(filters, page + 1))))
                    .append("\">older →</a>");
        }
        html.append("</span></nav>");
    }

    private static Map<String, String> withPage(Map<String, String> filters, int page) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        if (page > 1) {
            query.put("page", Integer.toString(page));
        }
        return query;
    }

    /** The form again with what was typed, the problem said above it, and no rows: HTTP 400, still usable. */
    String badFilter(String problem, Map<String, String> filters, String auditor) {
        StringBuilder html = Layout.open("IBAC audit: bad filter", auditor, "verdicts");
        html.append("<h1>Verdicts</h1><section class=\"card\"><p class=\"error\" id=\"filter-error\" role=\"alert\">bad filter: ")
                .append(escape(problem)).append("</p>");
        form(html, filters);
        return Layout.close(html.append("</section>"));
    }

    private static String summary(AuditLogReader.Found found, int window, int page, boolean merged) {
        long matches = found.matches();
        String text = matches + (matches == 1 ? " verdict" : " verdicts") + (merged ? " of every replica that answered"
                + " (at most the newest " + window + " of each other replica)" : "");
        if (found.windowFull()) {
            text += " among the newest " + found.scanned() + " entries" + (merged ? " of this one" : "") + " (older ones: audit query --rotated)";
        }
        if (matches > AuditorPage.ROWS_SHOWN || page > 1) {
            long from = (long) (page - 1) * AuditorPage.ROWS_SHOWN + 1;
            text += found.newestFirst().isEmpty() ? "; page " + page + " is past the oldest"
                    : "; " + from + "–" + (from + found.newestFirst().size() - 1) + " shown";
        }
        if (matches > window) {
            text += "; the JSON list and the exports carry the newest " + window;
        }
        return text;
    }

    private static void form(StringBuilder html, Map<String, String> filters) {
        html.append("<form class=\"filters\" method=\"get\" action=\"/audit/verdicts\">");
        for (List<String> field : FIELDS) {
            html.append("<label>").append(field.get(1)).append(" <input name=\"").append(field.get(0))
                    .append("\" placeholder=\"").append(field.get(2)).append("\" value=\"")
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

    /**
     * Chain state per replica: its entries in this view, its newest hash and whether they link up; one
     * that did not answer is named with the reason, its entries missing from the list.
     */
    private static void replicas(StringBuilder html, List<ReplicaState> replicas) {
        if (replicas.isEmpty()) {
            return;
        }
        html.append("<ul id=\"replicas\">");
        for (ReplicaState r : replicas) {
            html.append("<li class=\"").append(r.answered() ? "replica" : "replica deny").append("\">").append(escape(r.replica()))
                    .append(": ");
            if (r.answered()) {
                html.append(r.entries()).append(r.entries() == 1 ? " entry" : " entries").append(", newest hash <span class=\"mono\">")
                        .append(escape(r.newestHash() == null ? "—" : r.newestHash())).append("</span>, chain ")
                        .append(r.chain().startsWith("broken") ? "<strong>" + escape(r.chain()) + "</strong>" : escape(r.chain()));
            } else {
                html.append("<strong>not answering</strong> (").append(escape(r.problem()))
                        .append("); its entries are missing from this view");
            }
            html.append("</li>");
        }
        html.append("</ul>");
    }

    private static void table(StringBuilder html, List<JsonNode> entries, boolean merged) {
        html.append("<div class=\"scroll\"><table id=\"verdicts\" class=\"stack\"><thead><tr><th>time (UTC) · audit id</th>")
                .append("<th>decision · stage · mode</th><th>mission · agent</th><th>action</th><th>reasoning</th><th>judge</th>")
                .append("<th>cost · budget left</th></tr></thead><tbody>");
        entries.forEach(e -> row(html, e, merged));
        html.append("</tbody></table></div>");
    }

    private static void row(StringBuilder html, JsonNode e, boolean merged) {
        String decision = "deny".equals(e.path("decision").asText()) ? "deny" : "allow";
        html.append("<tr class=\"verdict-").append(decision).append("\">")
                .append("<td data-label=\"when\"><span class=\"time\">").append(escape(Entries.time(e))).append("</span><br>")
                .append("<a class=\"id mono\" href=\"").append(escape(Entries.href(e))).append("\">")
                .append(escape(e.path("auditId").asText())).append("</a>")
                .append(merged ? "<br><span class=\"muted replica\">" + escape(e.path("replica").asText("?")) + "</span>" : "").append("</td>")
                .append("<td data-label=\"verdict\"><span class=\"decision ").append(decision).append("\">")
                .append(escape(Entries.decision(e))).append("</span><br><span class=\"stage\">").append(escape(e.path("stage").asText()))
                .append("</span> stage<br><span class=\"mode nowrap\">").append(escape(Entries.mode(e))).append(" · ")
                .append(escape(Entries.enforcement(e))).append("</span></td>")
                .append("<td data-label=\"mission\">").append(escape(e.path("mission").asText("—"))).append("<br><span class=\"muted agent\">")
                .append(escape(e.at("/agent/username").asText())).append("</span></td>")
                .append("<td data-label=\"action\" class=\"action\">").append(escape(Entries.action(e))).append("</td>")
                .append("<td data-label=\"reasoning\" class=\"reason\">").append(escape(e.path("reason").asText())).append("</td>")
                .append("<td data-label=\"judge\">").append(judge(e)).append("</td>")
                .append("<td data-label=\"cost\">").append(escape(Entries.cost(e))).append("<br><span class=\"muted\">left: ")
                .append(escape(Entries.budgetLeft(e))).append("</span></td></tr>");
    }

    private static String judge(JsonNode e) {
        if (!Entries.judged(e)) {
            return "<span class=\"muted\">not judged</span>";
        }
        return escape(Entries.judge(e)) + "<br><span class=\"tokens nowrap\">tokens " + escape(Entries.tokens(e)) + "</span>";
    }

    String unauthorized(String hint) {
        return unauthorized(hint, false);
    }

    /** {@code presented}: a token was given but is not an auditor's, which is not the same as none. */
    String unauthorized(String hint, boolean presented) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IBAC audit: 401</title></head><body>"
                + "<h1>401: " + (presented ? "this bearer token is not accepted" : "an auditor's bearer token is required")
                + "</h1><p>" + escape(hint) + "</p></body></html>";
    }
}
