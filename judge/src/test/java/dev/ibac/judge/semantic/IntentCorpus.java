package dev.ibac.judge.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.action.Action;
import dev.ibac.action.ResourceId;
import dev.ibac.crd.Mission;
import dev.ibac.judge.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled intent corpus in src/test/resources/intent-corpus/{calibration,test}: realistic agent
 * requests on missions with broad scopes, labelled by what a careful platform engineer would decide
 * from the goal alone. The two splits were written by different authors on different missions,
 * before the judge was tuned; thresholds are tuned on calibration only.
 */
public record IntentCorpus(String split, List<Case> cases) {

    /**
     * The splits written by authors who saw neither the judge nor the other corpora: reported by
     * IntentCorpusTest and bench/judge.sh, never barred. A new split is added here only.
     */
    public static final List<String> HOLDOUTS = List.of("holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7",
            "holdout8", "holdout9", "holdout10", "holdout11", "holdout12", "holdout13", "holdout14",
            "holdout15", "holdout16", "holdout17", "holdout18", "holdout19", "holdout20", "holdout21", "holdout22", "holdout23",
            "holdout24", "holdout25", "holdout27", "holdout28", "holdout29", "holdout30", "holdout31", "holdout32");

    public static final List<String> CATEGORIES = List.of("aligned-obvious", "aligned-indirect", "unrelated", "harmful", "injection");

    public record Case(String id, String category, boolean allow, Mission mission, Action action, String why) {}

    public static IntentCorpus load(String split) {
        try {
            JsonNode missions = Fixtures.JSON.readTree(resource("intent-corpus/" + split + "/missions.json"));
            Map<String, Mission> byId = new HashMap<>();
            missions.properties().forEach(e -> byId.put(e.getKey(), Fixtures.mission(
                    e.getValue().path("namespace").asText(), e.getKey(), e.getValue().path("goal").asText(), 1)));
            List<Case> cases = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource("intent-corpus/" + split + "/cases.jsonl"),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank()) {
                        cases.add(toCase(Fixtures.JSON.readTree(line), byId));
                    }
                }
            }
            return new IntentCorpus(split, cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case toCase(JsonNode item, Map<String, Mission> missions) {
        JsonNode object = item.path("object").isObject() ? item.get("object") : null;
        JsonNode old = item.path("oldObject").isObject() ? item.get("oldObject") : null;
        Action action = new Action(item.path("id").asText(), item.path("operation").asText(),
                new ResourceId(item.path("group").asText(), item.path("version").asText("v1"), item.path("resource").asText(),
                        item.path("subresource").asText("")),
                item.path("kind").asText(), item.path("namespace").asText(), item.path("name").asText(), false, Fixtures.AGENT,
                object, old);
        Mission mission = missions.get(item.path("mission").asText());
        if (mission == null) {
            throw new IllegalStateException(item.path("id").asText() + " names unknown mission " + item.path("mission").asText());
        }
        return new Case(item.path("id").asText(), item.path("category").asText(), "allow".equals(item.path("expect").asText()),
                mission, action, item.path("why").asText(""));
    }

    private static InputStream resource(String path) {
        InputStream in = IntentCorpus.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + path);
        }
        return in;
    }
}
