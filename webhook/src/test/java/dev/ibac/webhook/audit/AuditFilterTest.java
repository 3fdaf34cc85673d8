package dev.ibac.webhook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditFilterTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final ObjectNode shopDenial = AuditLogs.entry("u1", "2026-11-23T11:00:00Z", "deny", "shop", "outside scope");

    @Test
    void every_given_field_must_match_and_blank_fields_match_everything() {
        assertThat(new AuditFilter("shop/scale-checkout", " ", "deny", "shop", null)).accepts(shopDenial);
        assertThat(new AuditFilter("lab/scale-checkout", null, null, null, null)).rejects(shopDenial);
        assertThat(new AuditFilter(null, null, "allow", null, null)).rejects(shopDenial);
        assertThat(new AuditFilter(null, null, null, "lab", null)).rejects(shopDenial);
        assertThat(AuditFilter.ALL).accepts(shopDenial);
    }

    @Test
    void the_agent_filter_is_a_glob_on_the_username() {
        assertThat(new AuditFilter(null, "system:serviceaccount:shop:*", null, null, null)).accepts(shopDenial);
        assertThat(new AuditFilter(null, "*:lab-agent", null, null, null)).rejects(shopDenial);
    }

    @Test
    void since_keeps_entries_at_or_after_the_instant() {
        assertThat(new AuditFilter(null, null, null, null, Instant.parse("2026-11-23T11:00:00Z"))).accepts(shopDenial);
        assertThat(new AuditFilter(null, null, null, null, Instant.parse("2026-11-23T11:00:01Z"))).rejects(shopDenial);
    }

    @Test
    void since_reads_rfc3339_times_and_durations_back_from_now() {
        assertThat(AuditFilter.since("2026-11-20T08:30:00Z", NOW)).isEqualTo(Instant.parse("2026-11-20T08:30:00Z"));
        assertThat(AuditFilter.since("90s", NOW)).isEqualTo(Instant.parse("2026-11-23T11:58:30Z"));
        assertThat(AuditFilter.since("30m", NOW)).isEqualTo(Instant.parse("2026-11-23T11:30:00Z"));
        assertThat(AuditFilter.since("24h", NOW)).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(AuditFilter.since("7d", NOW)).isEqualTo(Instant.parse("2026-11-16T12:00:00Z"));
    }

    @Test
    void an_unreadable_since_or_decision_says_what_is_expected() {
        assertThatThrownBy(() -> AuditFilter.since("yesterday", NOW)).hasMessageContaining("RFC 3339").hasMessageContaining("24h");
        assertThatThrownBy(() -> AuditFilter.since("-5m", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditFilter(null, null, "denied", null, null)).hasMessageContaining("allow or deny");
    }
}
