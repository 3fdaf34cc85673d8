package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibac.webhook.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo runs the whole tour over HTTPS and exits 0. */
class DemoIT {
    @TempDir
    Path state;

    @Test
    void the_tour_shows_every_kind_of_verdict_and_exits_0() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.run("demo", "--examples", Path.of("..", "deploy", "examples").toString(), "--state", state.toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.println(out);
        assertThat(exit).isZero();
        assertThat(section(out, "1. ")).contains("→ ALLOWED").contains("reasoning (").contains("cost:");
        assertThat(section(out, "3. ")).contains("ibac: denied (scope)").contains("allowed names: checkout*, redis-*");
        assertThat(section(out, "4. ")).contains("ibac: denied (protect)").contains("allowDestructive");
        assertThat(section(out, "5. ")).contains("→ DENIED");
        String judgeDenial = section(out, "5. ").lines().filter(l -> l.contains("ibac: denied (judge): ")).findFirst().orElseThrow();
        String reason = judgeDenial.substring(judgeDenial.indexOf("): ") + 3, judgeDenial.lastIndexOf(" [audit"));
        assertThat(section(out, "5. ").split(java.util.regex.Pattern.quote(reason), -1)).as("the reasoning is printed once").hasSize(2);
        assertThat(section(out, "6. ")).contains("ibac: denied (budget)").contains("serve-llm");
        assertThat(section(out, "7. ")).contains("→ ALLOWED");
        assertThat(out).contains("hash chain intact");
    }

    private static String section(String out, String prefix) {
        int start = out.indexOf("\n" + prefix);
        assertThat(start).as("step " + prefix + "in output").isPositive();
        int end = out.indexOf("\n\n", start + 1);
        return out.substring(start, end < 0 ? out.length() : end);
    }
}
