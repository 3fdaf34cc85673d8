package dev.ibac.webhook.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {
    @Test
    void the_axis_tops_at_four_round_steps() {
        assertThat(Charts.niceMax(0)).isEqualTo(4);
        assertThat(Charts.niceMax(3)).isEqualTo(4);
        assertThat(Charts.niceMax(5)).isEqualTo(8);
        assertThat(Charts.niceMax(37)).isEqualTo(40);
        assertThat(Charts.niceMax(0.135)).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void a_bar_chart_names_itself_its_axes_and_its_series_and_escapes_them() {
        String svg = Charts.bars("Verdicts <per> hour", "verdicts", "hour (UTC)", List.of("", "01:00"),
                List.of(new Charts.Series("denied & more", Charts.DENIED, new double[] {1, 0})), v -> String.valueOf((long) v), true);
        assertThat(svg).startsWith("<svg class=\"chart\"").contains("<title>Verdicts &lt;per&gt; hour</title>")
                .contains(">verdicts</text>").contains(">hour (UTC)</text>").contains(">01:00</text>").contains("denied &amp; more")
                .contains(">4</text>").doesNotContain(">0.5</text>").doesNotContain("<script");
    }
}
