package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** approvals list / approve / reject: usage errors are exit 2 with a line saying what is missing (SPEC §9). */
class ApprovalsCommandTest {
    @TempDir
    Path state;

    @Test
    void every_approval_command_has_help() {
        for (List<String> command : List.of(List.of("approvals"), List.of("approvals", "list"), List.of("approve"), List.of("reject"))) {
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help")).toArray(String[]::new);
            CliTest.Run run = CliTest.run(args);
            assertThat(run.exit()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).contains("Usage:");
        }
    }

    @Test
    void an_empty_state_lists_no_approvals() {
        CliTest.Run run = CliTest.run("approvals", "list", "--state", state.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).isEqualTo("no approvals");
    }

    @Test
    void usage_errors_are_exit_2() {
        assertThat(CliTest.run("approvals").exit()).isEqualTo(2);
        CliTest.Run noBy = CliTest.run("approve", "ap-12345678", "--state", state.toString());
        assertThat(noBy.exit()).isEqualTo(2);
        assertThat(noBy.err()).contains("--by NAME is required with --state");
        CliTest.Run noState = CliTest.run("reject", "ap-12345678", "--state", state.resolve("missing").toString(), "--by", "alice");
        assertThat(noState.exit()).isEqualTo(2);
        assertThat(noState.err()).contains("is not a directory");
        assertThat(CliTest.run("approve").exit()).as("no id").isEqualTo(2);
    }

    @Test
    void an_unknown_id_is_a_finding_named_in_one_line() {
        CliTest.Run run = CliTest.run("approve", "ap-12345678", "--state", state.toString(), "--by", "alice");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("ibac: no approval ap-12345678; \"ibac approvals list\" shows them");
    }
}
