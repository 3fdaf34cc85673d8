package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.audit.AuditLogs;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerViewsTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:30:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void an_overview_reads_back_as_it_was_sent() throws IOException {
        AuditOverview sent = overview("a", 0, 5, NOW);
        AuditOverview read = PeerViews.overview(MAPPER.readTree(MAPPER.writeValueAsString(PeerViews.overviewJson(sent))));
        assertThat(read.entries()).isEqualTo(5);
        assertThat(read.allowed()).isEqualTo(sent.allowed());
        assertThat(read.denied()).isEqualTo(sent.denied());
        assertThat(read.last()).isEqualTo(sent.last());
        assertThat(read.currentHour()).isEqualTo(sent.currentHour());
        assertThat(read.allowedByHour()).containsExactly(sent.allowedByHour());
        assertThat(read.deniedByHour()).containsExactly(sent.deniedByHour());
        assertThat(read.chain()).isEqualTo(sent.chain());
        assertThat(read.missions().keySet()).isEqualTo(sent.missions().keySet());
        assertThat(read.topReasons()).isEqualTo(sent.topReasons());
        assertThatThrownBy(() -> PeerViews.overview(MAPPER.createArrayNode())).hasMessageContaining("not an audit overview");
    }

    @Test
    void overviews_merge_by_summing_counts_hour_by_hour_even_when_a_peers_clock_is_an_hour_ahead() throws IOException {
        AuditOverview local = overview("a", 0, 4, NOW);
        AuditOverview ahead = overview("b", 10, 16, Clock.offset(NOW, java.time.Duration.ofHours(1)));
        AuditOverview merged = PeerViews.merge(local, List.of(ahead));
        assertThat(merged.entries()).isEqualTo(10);
        assertThat(merged.allowed()).isEqualTo(local.allowed() + ahead.allowed());
        assertThat(merged.denied()).isEqualTo(local.denied() + ahead.denied());
        assertThat(merged.currentHour()).isEqualTo(local.currentHour());
        // every entry was written in the hour of 10:00 UTC: the peer's bucket for it is one later in its own series
        int tenOClock = AuditOverview.HOURS - 1 - 2;
        assertThat(merged.allowedByHour()[tenOClock] + merged.deniedByHour()[tenOClock]).isEqualTo(10);
        assertThat(merged.missions().get("shop/scale-checkout").allowed()
                + merged.missions().get("shop/scale-checkout").denied()).isEqualTo(10);
        assertThat(merged.last().auditId()).isEqualTo("b-15");
        assertThat(merged.chain()).isEqualTo(local.chain());
        assertThat(merged.topReasons().get("scope")).extracting(AuditOverview.ReasonCount::count).allSatisfy(c -> assertThat(c).isPositive());
        assertThat(merged.spendByHour()).allSatisfy(usd -> assertThat(usd).isEqualByComparingTo(BigDecimal.ZERO));
    }

    private AuditOverview overview(String prefix, int from, int to, Clock clock) throws IOException {
        Path log = dir.resolve(prefix + ".jsonl");
        List<ObjectNode> entries = IntStream.range(from, to).mapToObj(i -> AuditLogs.entry(prefix + "-" + i, "2026-11-23T10:00:%02dZ".formatted(i),
                i % 2 == 1 ? "deny" : "allow", "shop", "reason")).toList();
        AuditLogs.write(log, HashChainedAuditLog.Rotation.DEFAULT, entries);
        return new AuditAggregates(log, clock).overview();
    }
}
