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

/** The labelled corpus in src/test/resources/corpus: missions and actions that serve them or clearly do not. */
record Corpus(List<Case> cases) {

    /** One labelled action; {@code hard} marks unrelated actions dressed in the mission's own words. */
    record Case(String missionId, Mission mission, Action action, boolean aligned, boolean hard, String note) {}

    static Corpus load() {
        try {
            JsonNode missions = Fixtures.JSON.readTree(resource("corpus/missions.json"));
            Map<String, Mission> byId = new HashMap<>();
            missions.properties().forEach(e -> byId.put(e.getKey(), Fixtures.mission(
                    e.getValue().path("namespace").asText(), e.getKey(), e.getValue().path("goal").asText(), 1)));
            List<Case> cases = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource("corpus/actions.jsonl"), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank()) {
                        cases.add(toCase(Fixtures.JSON.readTree(line), byId));
                    }
                }
            }
            return new Corpus(cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case toCase(JsonNode item, Map<String, Mission> missions) {
        String missionId = item.path("mission").asText();
        Action action = new Action("uid", item.path("operation").asText(),
                new ResourceId(item.path("group").asText(), "v1", item.path("resource").asText(), item.path("subresource").asText()),
                item.path("kind").asText(), item.path("namespace").asText(), item.path("name").asText(), false, Fixtures.AGENT,
                item.has("object") ? item.get("object") : null, item.has("oldObject") ? item.get("oldObject") : null);
        return new Case(missionId, missions.get(missionId), action, "aligned".equals(item.path("label").asText()),
                item.path("hard").asBoolean(false), item.path("note").asText(""));
    }

    private static InputStream resource(String path) {
        InputStream in = Corpus.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + path);
        }
        return in;
    }
}
