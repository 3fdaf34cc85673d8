package dev.ibac.webhook.auditor;

import static dev.ibac.webhook.auditor.Html.escape;

import dev.ibac.webhook.audit.AuditChain;
import dev.ibac.webhook.auditor.AuditOverview.MissionActivity;
import dev.ibac.webhook.auditor.MissionSummaries.MissionSummary;
import dev.ibac.webhook.auditor.PendingApprovals.PendingApproval;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code /audit}: what an auditor wants to see at a glance — whether the chain holds, the missions
 * and what they have spent of each limit, how many of their actions were denied, what waits for
 * approval, verdicts and spend over time, and the reasons denials give most.
 */
final class OverviewRenderer {
    /** SPEC §5's order, so the reasons read in the order a request meets the stages. */
    private static final List<String> STAGES = List.of("identity", "mission", "protect", "scope", "rate", "budget", "judge");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d HH'h'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int SIX_HOURS = 6;
    private static final int MISSIONS_CHARTED = 6;

    /**
     * {@code csrf}: the approve/reject forms' token when this auditor may decide one of the pending
     * approvals (each row says which), null otherwise (no buttons); {@code decided}: what the store
     * says of the approval just decided, shown above the list, or null.
     */
    String page(AuditOverview overview, List<MissionSummary> missions, List<PendingApproval> pending, String auditor, String csrf,
            String decided) {
        return page(overview, missions, pending, auditor, csrf, decided, List.of());
    }

    /**
     * {@code replicas}: in a merged view, every replica's chain (this one first), each its own
     * banner, and {@code overview} sums what the replicas that answered hold; empty when alone.
     */
    String page(AuditOverview overview, List<MissionSummary> missions, List<PendingApproval> pending, String auditor, String csrf,
            String decided, List<PeerViews.ReplicaChain> replicas) {
        StringBuilder html = Layout.open("IBAC audit: overview", auditor, "overview", csrf != null);
        html.append("<h1>Overview</h1>");
        if (replicas.isEmpty()) {
            chain(html, overview.chain(), "chain", "");
        } else {
            replicas(html, replicas);
        }
        tiles(html, overview, pending.size());
        missions(html, overview, missions);
        pending(html, pending, csrf, decided);
        charts(html, overview);
        reasons(html, overview.topReasons());
        return Layout.close(html);
    }

    /** One banner per replica (its chain is its own); one that did not answer says why, and that its entries are not counted. */
    private static void replicas(StringBuilder html, List<PeerViews.ReplicaChain> replicas) {
        html.append("<section id=\"replicas\">");
        for (int i = 0; i < replicas.size(); i++) {
            PeerViews.ReplicaChain r = replicas.get(i);
            String id = "chain-" + i;
            if (r.chain() == null) {
                html.append("<div class=\"banner bad\" id=\"").append(id).append("\"><strong>").append(escape(r.replica()))
                        .append(": not answering</strong> (").append(escape(r.problem()))
                        .append("); its entries are missing from this overview.</div>");
            } else {
                chain(html, r.chain(), id, "<strong>" + escape(r.replica()) + ":</strong> ");
            }
        }
        html.append("</section>");
    }

    private static void chain(StringBuilder html, ChainState chain, String id, String replica) {
        if (chain instanceof ChainState.Intact ok) {
            html.append("<div class=\"banner ok\" id=\"").append(id).append("\">").append(replica).append("<strong>Hash chain intact</strong> through entry ")
                    .append(ok.entries()).append(" of the kept files; last hash <span class=\"mono\">").append(escape(ok.lastHash()))
                    .append("</span>").append(start(ok.startHash())).append("</div>");
        } else if (chain instanceof ChainState.Broken bad) {
            html.append("<div class=\"banner bad\" id=\"").append(id).append("\">").append(replica).append("<strong>Hash chain broken</strong> at ")
                    .append(escape(bad.file())).append(" line ").append(bad.line()).append(": ").append(escape(bad.problem()))
                    .append(". Intact through entry ").append(bad.intactEntries()).append(bad.lastGoodHash() == null ? ""
                            : " (last good hash <span class=\"mono\">" + escape(bad.lastGoodHash()) + "</span>)")
                    .append("; run <code>audit verify --rotated</code>.</div>");
        } else {
            html.append("<div class=\"banner none\" id=\"").append(id).append("\">").append(replica).append("Hash chain: no entries yet.</div>");
        }
    }

    /** Where the kept files start: the genesis hash, or a file rotated away that an archive must vouch for. */
    private static String start(String startHash) {
        return AuditChain.GENESIS.equals(startHash) ? ", from the genesis hash."
                : "; the oldest kept file continues from <span class=\"mono\">" + escape(startHash)
                        + "</span> (older files were rotated away: compare with your archive's last hash).";
    }

    private static void tiles(StringBuilder html, AuditOverview o, int pending) {
        html.append("<div class=\"tiles\">")
                .append(tile("allowed", o.allowed(), "allowed (all kept entries)"))
                .append(tile("denied", o.denied(), "denied" + (o.notEnforced() > 0 ? ", " + o.notEnforced() + " not enforced" : "")))
                .append(tile("allowed-24h", AuditOverview.lastHours(o.allowedByHour(), 24), "allowed, last 24 h"))
                .append(tile("denied-24h", AuditOverview.lastHours(o.deniedByHour(), 24), "denied, last 24 h"))
                .append(tile("pending", pending, "approvals pending"));
        html.append("<div class=\"tile\" id=\"last\"><div class=\"l\">last verdict</div>");
        if (o.last() == null) {
            html.append("<div>none yet</div>");
        } else {
            AuditOverview.LastVerdict last = o.last();
            html.append("<div><span class=\"").append("deny".equals(last.decision()) ? "deny" : "allow").append("\">")
                    .append(escape(last.decision())).append(last.enforced() ? "" : " (not enforced)").append("</span> (")
                    .append(escape(last.stage())).append(") <a class=\"mono\" href=\"/audit/entries/").append(escape(Urls.encode(last.auditId())))
                    .append("\">").append(escape(last.auditId())).append("</a></div><div class=\"l\">")
                    .append(escape(last.time().replaceFirst("\\.\\d+Z$", "Z").replace('T', ' ')))
                    .append(last.mission() == null ? "" : " · " + escape(last.mission())).append("</div>");
        }
        html.append("</div></div>");
    }

    private static String tile(String id, long n, String label) {
        return "<div class=\"tile\" id=\"tile-" + id + "\"><div class=\"n\">" + n + "</div><div class=\"l\">" + escape(label) + "</div></div>";
    }

    private static void missions(StringBuilder html, AuditOverview o, List<MissionSummary> missions) {
        html.append("<section class=\"card\"><h2>Missions</h2>");
        Map<String, MissionSummary> byKey = new LinkedHashMap<>();
        missions.stream().sorted(Comparator.comparing(MissionSummary::key)).forEach(m -> byKey.put(m.key(), m));
        TreeSet<String> onlyInLog = new TreeSet<>(o.missions().keySet());
        onlyInLog.removeAll(byKey.keySet());
        if (byKey.isEmpty() && onlyInLog.isEmpty()) {
            html.append("<p class=\"muted\">No missions loaded and none in the log.</p></section>");
            return;
        }
        html.append("<div class=\"scroll\"><table id=\"missions\" class=\"stack\"><thead><tr><th>mission</th><th>goal</th><th>phase</th><th>mode</th>")
                .append("<th>spend against its limits</th><th>verdicts</th><th>spend, last 7 days</th></tr></thead><tbody>");
        byKey.values().forEach(m -> missionRow(html, m, o.missions().get(m.key())));
        onlyInLog.forEach(key -> missionRow(html, new MissionSummary(key, "(no longer loaded)", "—", "—", List.of()), o.missions().get(key)));
        html.append("</tbody></table></div></section>");
    }

    private static void missionRow(StringBuilder html, MissionSummary m, MissionActivity activity) {
        html.append("<tr><td data-label=\"mission\" class=\"nowrap\"><a href=\"/audit/verdicts?mission=").append(escape(Urls.encode(m.key())))
                .append("\">").append(escape(m.key())).append("</a></td><td data-label=\"goal\">").append(escape(m.goal()))
                .append("</td><td data-label=\"phase\">").append(escape(m.phase())).append("</td><td data-label=\"mode\">").append(escape(m.mode()))
                .append("</td><td data-label=\"limits\">");
        if (m.limits().isEmpty()) {
            html.append("<span class=\"muted\">no limits</span>");
        }
        for (MissionSummaries.Limit limit : m.limits()) {
            html.append("<div class=\"limit\">").append(escape(limit.name())).append(": <strong>").append(escape(limit.spent()))
                    .append("</strong> of ").append(escape(limit.limit())).append(" <span class=\"muted\">(").append(escape(limit.window()))
                    .append(")</span>").append(Charts.limitBar(limit.fraction())).append("</div>");
        }
        long allowed = activity == null ? 0 : activity.allowed();
        long denied = activity == null ? 0 : activity.denied();
        html.append("</td><td data-label=\"verdicts\" class=\"num\"><span class=\"allow\">").append(allowed).append("</span> allowed<br><span class=\"deny\">")
                .append(denied).append("</span> denied").append(allowed + denied == 0 ? "" : " (" + Math.round(100.0 * denied / (allowed + denied)) + " %)")
                .append("</td><td data-label=\"spend, 7 d\">");
        if (activity != null) {
            double[] spend = sixHourly(activity.spendByHour());
            html.append(Charts.sparkline("spend of " + m.key() + " per 6 hours, last 7 days", spend)).append("<span class=\"muted\">$")
                    .append(escape(sum(activity.spendByHour()).toPlainString())).append(" in 7 days</span>");
        } else {
            html.append("<span class=\"muted\">no verdicts</span>");
        }
        html.append("</td></tr>");
    }

    private static void pending(StringBuilder html, List<PendingApproval> pending, String csrf, String decided) {
        html.append("<section class=\"card\" id=\"approvals\"><h2>Pending approvals</h2>");
        if (decided != null) {
            html.append("<p class=\"banner ok\" id=\"decided\" role=\"status\">").append(escape(decided)).append("</p>");
        }
        if (pending.isEmpty()) {
            html.append("<p class=\"muted\">No action is waiting for approval.</p></section>");
            return;
        }
        html.append("<div class=\"scroll\"><table><thead><tr><th>approval</th><th>mission</th><th>action</th><th>asked by</th>")
                .append("<th>since</th>").append(csrf == null ? "" : "<th>decide</th>").append("</tr></thead><tbody>");
        for (PendingApproval p : pending) {
            html.append("<tr><td class=\"mono\">");
            if (p.auditId() != null) {
                html.append("<a href=\"/audit/entries/").append(escape(Urls.encode(p.auditId()))).append("\">").append(escape(p.id())).append("</a>");
            } else {
                html.append(escape(p.id()));
            }
            html.append("</td><td>").append(escape(p.mission())).append("</td><td>").append(escape(p.action())).append("</td><td>")
                    .append(escape(p.requestedBy())).append("</td><td class=\"time\">")
                    .append(p.requestedAt() == null ? "—" : escape(p.requestedAt().truncatedTo(ChronoUnit.SECONDS).toString())).append("</td>");
            if (csrf != null && p.mayDecide()) {
                decide(html, p.id(), csrf);
            } else if (csrf != null) {
                html.append("<td class=\"muted\">not an approver of this mission</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></div></section>");
    }

    /** Approve and reject as two POST forms (no script), each carrying the CSRF token. */
    private static void decide(StringBuilder html, String id, String csrf) {
        html.append("<td class=\"decide\">");
        for (String verb : List.of("approve", "reject")) {
            html.append("<form method=\"post\" action=\"/audit/approvals/").append(escape(Urls.encode(id))).append('/').append(verb)
                    .append("\"><input type=\"hidden\" name=\"csrf\" value=\"").append(escape(csrf)).append("\">")
                    .append("<input name=\"reason\" maxlength=\"500\" placeholder=\"reason (optional)\"> <button type=\"submit\" class=\"")
                    .append(verb).append("\">").append(verb.equals("approve") ? "Approve" : "Reject").append("</button></form>");
        }
        html.append("</td>");
    }

    private static void charts(StringBuilder html, AuditOverview o) {
        html.append("<div class=\"grid\">");
        card(html, "chart-verdicts-24h", "Verdicts per hour, last 24 hours", Charts.bars("Verdicts per hour, last 24 hours", "verdicts",
                "hour starting (UTC)", hourTicks(o.currentHour()), List.of(
                        new Charts.Series("allowed", Charts.ALLOWED, last24(o.allowedByHour())),
                        new Charts.Series("denied", Charts.DENIED, last24(o.deniedByHour()))), OverviewRenderer::count, true));
        card(html, "chart-verdicts-7d", "Verdicts per 6 hours, last 7 days", Charts.bars("Verdicts per 6 hours, last 7 days", "verdicts",
                "6 hours starting (UTC)", dayTicks(o.currentHour()), List.of(
                        new Charts.Series("allowed", Charts.ALLOWED, sixHourly(o.allowedByHour())),
                        new Charts.Series("denied", Charts.DENIED, sixHourly(o.deniedByHour()))), OverviewRenderer::count, true));
        double[] spend24 = last24(toDoubles(o.spendByHour()));
        card(html, "chart-spend-24h", "Spend per hour, all missions, last 24 hours", Charts.bars("Spend per hour, all missions, last 24 hours",
                "USD", "hour starting (UTC)", hourTicks(o.currentHour()),
                List.of(new Charts.Series("spend", Charts.SPEND, spend24)), OverviewRenderer::money));
        card(html, "chart-spend-7d", "Spend per 6 hours by mission, last 7 days", Charts.bars("Spend per 6 hours by mission, last 7 days",
                "USD", "6 hours starting (UTC)", dayTicks(o.currentHour()), spendByMission(o), OverviewRenderer::money));
        html.append("</div>");
    }

    private static void card(StringBuilder html, String id, String title, String svg) {
        html.append("<section class=\"card\" id=\"").append(id).append("\"><h3>").append(escape(title)).append("</h3>").append(svg).append("</section>");
    }

    /** The missions that spent most in 7 days, one series each, the rest as "other missions". */
    private static List<Charts.Series> spendByMission(AuditOverview o) {
        List<Map.Entry<String, MissionActivity>> bySpend = new ArrayList<>(o.missions().entrySet());
        bySpend.removeIf(e -> sum(e.getValue().spendByHour()).signum() == 0);
        bySpend.sort(Comparator.comparing((Map.Entry<String, MissionActivity> e) -> sum(e.getValue().spendByHour())).reversed()
                .thenComparing(Map.Entry::getKey));
        List<Charts.Series> series = new ArrayList<>();
        double[] others = new double[AuditOverview.HOURS / SIX_HOURS];
        for (int i = 0; i < bySpend.size(); i++) {
            double[] values = sixHourly(bySpend.get(i).getValue().spendByHour());
            if (i < MISSIONS_CHARTED) {
                series.add(new Charts.Series(bySpend.get(i).getKey(), Charts.PALETTE.get(i), values));
            } else {
                for (int j = 0; j < values.length; j++) {
                    others[j] += values[j];
                }
            }
        }
        if (bySpend.size() > MISSIONS_CHARTED) {
            series.add(new Charts.Series("other missions", Charts.PALETTE.get(MISSIONS_CHARTED), others));
        }
        return series.isEmpty() ? List.of(new Charts.Series("no spend", Charts.SPEND, others)) : series;
    }

    private static void reasons(StringBuilder html, Map<String, List<AuditOverview.ReasonCount>> top) {
        html.append("<section class=\"card\" id=\"reasons\"><h2>Top denial reasons by stage</h2>");
        if (top.isEmpty()) {
            html.append("<p class=\"muted\">No denials in the kept entries.</p></section>");
            return;
        }
        List<String> stages = new ArrayList<>(top.keySet());
        stages.sort(Comparator.comparingInt((String s) -> STAGES.indexOf(s) < 0 ? STAGES.size() : STAGES.indexOf(s)));
        html.append("<div class=\"scroll\"><table><thead><tr><th>stage</th><th>denials</th><th>reason (quoted names left out)</th></tr></thead><tbody>");
        for (String stage : stages) {
            for (AuditOverview.ReasonCount reason : top.get(stage)) {
                html.append("<tr><td>").append(escape(stage)).append("</td><td class=\"num\">").append(reason.count()).append("</td><td>")
                        .append(escape(reason.reason())).append("</td></tr>");
            }
        }
        html.append("</tbody></table></div></section>");
    }

    private static List<String> hourTicks(Instant currentHour) {
        List<String> ticks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Instant start = currentHour.minusSeconds(3600L * (23 - i));
            ticks.add(i % 4 == 3 ? HOUR.format(start) : "");
        }
        return ticks;
    }

    private static List<String> dayTicks(Instant currentHour) {
        List<String> ticks = new ArrayList<>();
        int buckets = AuditOverview.HOURS / SIX_HOURS;
        for (int j = 0; j < buckets; j++) {
            Instant start = currentHour.minusSeconds(3600L * (AuditOverview.HOURS - 1 - j * SIX_HOURS));
            ticks.add(j % 8 == 2 ? DAY.format(start) : ""); // every second day, clear of the y axis and of the right edge
        }
        return ticks;
    }

    private static double[] last24(long[] byHour) {
        double[] out = new double[24];
        for (int i = 0; i < 24; i++) {
            out[i] = byHour[byHour.length - 24 + i];
        }
        return out;
    }

    private static double[] last24(double[] byHour) {
        double[] out = new double[24];
        System.arraycopy(byHour, byHour.length - 24, out, 0, 24);
        return out;
    }

    private static double[] sixHourly(long[] byHour) {
        double[] out = new double[byHour.length / SIX_HOURS];
        for (int i = 0; i < byHour.length; i++) {
            out[i / SIX_HOURS] += byHour[i];
        }
        return out;
    }

    private static double[] sixHourly(BigDecimal[] byHour) {
        double[] hours = toDoubles(byHour);
        double[] out = new double[hours.length / SIX_HOURS];
        for (int i = 0; i < hours.length; i++) {
            out[i / SIX_HOURS] += hours[i];
        }
        return out;
    }

    private static double[] toDoubles(BigDecimal[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].doubleValue();
        }
        return out;
    }

    private static BigDecimal sum(BigDecimal[] values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal v : values) {
            sum = sum.add(v);
        }
        return sum;
    }

    private static String count(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String money(double v) {
        BigDecimal amount = BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return "$" + (amount.scale() < 2 ? amount.setScale(2) : amount).toPlainString();
    }
}
