package dev.ibac.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints audit entries as an aligned table (one line each) or as the original JSON Lines. */
final class AuditTable {
    private static final String ROW = "%-20s  %-19s  %-8s  %-28s  %-40s  %s%n";
    private final PrintWriter out;
    private final boolean json;
    private int rows;

    AuditTable(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void add(JsonNode entry, String line) {
        if (json) {
            out.println(line);
        } else {
            if (rows == 0) {
                out.printf(ROW, "TIME", "DECISION", "STAGE", "MISSION", "ACTION", "REASON");
            }
            out.printf(ROW, entry.path("time").asText().replaceFirst("\\.\\d+Z$", "Z"), decision(entry),
                    entry.path("stage").asText(), entry.path("mission").asText("-"), action(entry), entry.path("reason").asText());
        }
        rows++;
    }

    void finish() {
        if (!json) {
            out.println(rows + " entries");
        }
        out.flush();
    }

    /** A denial that was not enforced (Warn or DryRun mode) was admitted: the table must not read as blocked (as on the auditor page). */
    private static String decision(JsonNode e) {
        String decision = e.path("decision").asText();
        return "deny".equals(decision) && !e.path("enforced").asBoolean(true) ? "deny (not enforced)" : decision;
    }

    private static String action(JsonNode e) {
        String resource = e.at("/resource/resource").asText();
        String sub = e.at("/resource/subresource").asText();
        String ns = e.path("namespace").asText();
        return e.path("operation").asText() + " " + resource + (sub.isEmpty() ? "" : "/" + sub) + " "
                + (ns.isEmpty() ? "" : ns + "/") + e.path("name").asText();
    }
}
