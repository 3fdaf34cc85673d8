package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ibac.webhook.audit.AuditLogs;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approve button as an approver's browser uses it: Chromium sends the form with its Origin and
 * Sec-Fetch-Site headers, which the page must accept from itself. The approvals engine is a fake
 * here (the real one implements {@link PendingApprovals}); the page's own plumbing is what is tested.
 */
class ApprovalFormIT {
    private static final String TOKEN = "approver-token-0123456789abcdef";
    @TempDir
    Path dir;

    @Test
    void an_approver_rejects_an_action_from_the_overview() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromedriver are not installed (.ci/run installs them)");
        Path log = dir.resolve("audit.jsonl");
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, List.of(AuditLogs.entry("a-1", "2026-11-23T11:00:00Z", "deny", "shop", "needs approval")));
        List<String> decided = new CopyOnWriteArrayList<>();
        PendingApprovals approvals = new PendingApprovals() {
            @Override
            public List<PendingApproval> pending(Auditor who) {
                return decided.isEmpty() ? List.of(new PendingApproval("appr-7", "shop/scale-checkout", "DELETE pvc shop/data-0", "agent",
                        Instant.parse("2026-11-23T11:00:00Z"), "a-1", true)) : List.of();
            }

            @Override
            public Outcome decide(String id, boolean approve, Auditor who, String bearerToken, String reason) {
                decided.add(id + " " + (approve ? "approved" : "rejected") + " by " + who.username() + ": " + reason);
                return new Outcome(Outcome.Kind.DECIDED, id);
            }

            @Override
            public Optional<String> describe(String id) {
                return Optional.of("rejected " + id + " by carol");
            }
        };
        AuditorPage page = new AuditorPage(t -> TOKEN.equals(t) ? Optional.of(new Auditor("carol", List.of())) : Optional.empty(), log, 10, "hint",
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC), new AuditorPage.Sources(MissionSummaries.NONE, approvals));
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            page.register(config.routes);
        }).start("127.0.0.1", 0);
        Path shots = Files.createDirectories(Path.of("target", "auditor-screenshots"));
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createTempDirectory(dir, "profile"))) {
            String base = "http://127.0.0.1:" + server.port();
            browser.open(base + "/audit?token=" + TOKEN);
            assertThat(browser.text("#approvals")).contains("appr-7").contains("Approve").contains("Reject");
            browser.resize(1400, 1000);
            browser.screenshot(shots.resolve("approvals-1400.png"));
            browser.type("form[action$='/reject'] input[name=reason]", "too risky");
            browser.click("form[action$='/reject'] button");
            browser.awaitUrlContaining("#approvals");
            assertThat(decided).containsExactly("appr-7 rejected by carol: too risky");
            assertThat(browser.text("#approvals")).contains("No action is waiting for approval");
            assertThat(browser.text("#decided")).isEqualTo("rejected appr-7 by carol");
        } finally {
            server.stop();
        }
    }
}
