package dev.ibac.webhook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped examples are held to what they claim: {@code ibac test deploy/examples} runs their
 * MissionTest files (deploy/examples/tests) in every build, so a change to a Mission, the judge or
 * the pipeline that breaks one of the examples' promises fails {@code mvn verify}.
 */
class ExamplesMissionTestIT {
    @Test
    void the_examples_pass_their_mission_tests() throws Exception {
        Path junit = Path.of("target", "examples-missiontest.xml");
        CliTest.Run run = CliTest.run("test", Path.of("..", "deploy", "examples").toString(), "--junit", junit.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("shop-agent").contains("payments-and-logging").contains("ml-agent").contains(" 0 failed");
        assertThat(Files.readString(junit)).contains("<testsuites").contains("failures=\"0\"");
    }
}
