package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;

/** How the pages write the parts of an audit entry, the same on the list and on a verdict page. */
final class Entries {
    private Entries() {}

    /** "2026-11-23 11:30:00Z": seconds are enough to match a verdict; the fraction is on the verdict page. */
    static String time(JsonNode e) {
        return e.path("time").asText().replaceFirst("\\.\\d+Z$", "Z").replace('T', ' ');
    }

    static String decision(JsonNode e) {
        return e.path("decision").asText() + (e.path("enforced").asBoolean(true) ? "" : " (not enforced)");
    }

    /** The mission's mode when the entry recorded it (entries before it did say nothing). */
    static String mode(JsonNode e) {
        return e.path("mode").isTextual() ? e.path("mode").asText() : "—";
    }

    static String enforcement(JsonNode e) {
        return e.path("enforced").asBoolean(true) ? "enforced" : "not enforced";
    }

    static String action(JsonNode e) {
        String sub = e.at("/resource/subresource").asText();
        String ns = e.path("namespace").asText();
        return e.path("operation").asText() + " " + e.at("/resource/resource").asText() + (sub.isEmpty() ? "" : "/" + sub) + " "
                + (ns.isEmpty() ? "" : ns + "/") + e.path("name").asText() + (e.path("dryRun").asBoolean() ? " (dry run)" : "");
    }

    static boolean judged(JsonNode e) {
        return !e.path("judge").isMissingNode() && !e.path("judge").isNull();
    }

    static String judge(JsonNode e) {
        if (!judged(e)) {
            return "—";
        }
        JsonNode judge = e.path("judge");
        return judge.path("name").asText() + (judge.path("model").isTextual() ? " (" + judge.path("model").asText() + ")" : "")
                + ", risk " + judge.path("risk").asText("?") + ", confidence " + judge.path("confidence").asText() + "%";
    }

    /** The judge's tokens, labelled: "in 812 · out 40". */
    static String tokens(JsonNode e) {
        if (!judged(e)) {
            return "—";
        }
        return "in " + e.at("/judge/tokens/input").asText("0") + " · out " + e.at("/judge/tokens/output").asText("0");
    }

    static String budgetLeft(JsonNode e) {
        JsonNode budget = e.path("budget");
        if (!budget.path("tokensLeft").isNumber() && !budget.path("costLeftUSD").isTextual()) {
            return "—";
        }
        String tokens = budget.path("tokensLeft").isNumber() ? budget.path("tokensLeft").asText() : "unlimited";
        String usd = budget.path("costLeftUSD").isTextual() ? "$" + budget.path("costLeftUSD").asText() : "unlimited";
        return "tokens " + tokens + ", " + usd;
    }

    static String cost(JsonNode e) {
        return "tokens $" + e.at("/cost/tokensUSD").asText("0") + ", resources $" + e.at("/cost/resourceUSD").asText("0");
    }

    /** The verdict page's address; the hash picks the entry when a uid was logged twice (an API-server retry). */
    static String href(JsonNode e) {
        return "/audit/entries/" + Urls.encode(e.path("auditId").asText()) + "?hash=" + Urls.encode(e.path("hash").asText());
    }
}
