package dev.ibac.judge.goal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.judge.Fixtures;
import org.junit.jupiter.api.Test;

class GoalDumpTest {
    @Test
    void dump() throws Exception {
        for (String split : new String[] {"calibration", "test"}) {
            JsonNode missions = Fixtures.JSON.readTree(getClass().getClassLoader().getResourceAsStream("intent-corpus/" + split + "/missions.json"));
            missions.properties().forEach(e -> {
                GoalReading r = new GoalReader().read(e.getValue().path("goal").asText(), e.getValue().path("namespace").asText());
                System.out.println("== " + e.getKey() + " names=" + r.names() + " weak=" + r.weak() + " hours=" + r.hours() + " min=" + r.minutes() + " freq=" + r.frequency() + " q=" + r.quantities() + " images=" + r.images() + " hosts=" + r.hosts() + " versions=" + r.versions());
                r.clauses().forEach(c -> System.out.println("   [" + c.quote() + "] asks=" + c.asks() + " forbids=" + c.forbids() + " full=" + c.fullNames() + " words=" + c.words() + " globs=" + c.globs() + " kinds=" + c.kinds() + " q=" + c.quantities() + " protects=" + c.protects()));
            });
        }
    }
}
