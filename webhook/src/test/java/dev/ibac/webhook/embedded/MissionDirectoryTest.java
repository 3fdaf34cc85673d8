package dev.ibac.webhook.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibac.action.Requester;
import dev.ibac.webhook.pipeline.MissionIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissionDirectoryTest {
    private static final Requester SHOP_AGENT = new Requester("system:serviceaccount:shop:shop-agent", "", List.of());
    @TempDir
    Path dir;
    private final MissionIndex index = new MissionIndex();

    @Test
    void loads_missions_and_budgets_from_multi_document_yaml() throws IOException {
        copyShop();
        Files.writeString(dir.resolve("notes.txt"), "not yaml at all: [");
        Files.writeString(dir.resolve("other.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: y}\n");
        new MissionDirectory(dir, index).load();
        assertThat(index.loaded()).isTrue();
        assertThat(index.missionsOf(SHOP_AGENT)).extracting(m -> m.key()).containsExactly("shop/scale-checkout");
        assertThat(index.namespaceBudget("shop")).isPresent();
        assertThat(index.mission("shop", "scale-checkout").orElseThrow().generation()).isPositive();
    }

    @Test
    void a_broken_edit_keeps_the_previous_content_and_a_fixed_one_is_picked_up() throws IOException {
        copyShop();
        MissionDirectory directory = new MissionDirectory(dir, index);
        directory.load();
        long generation = index.mission("shop", "scale-checkout").orElseThrow().generation();
        Files.writeString(dir.resolve("shop.yaml"), "kind: Mission\nspec: [unclosed");
        directory.load();
        assertThat(index.missionsOf(SHOP_AGENT)).hasSize(1);
        copyShop();
        Files.writeString(dir.resolve("shop.yaml"), Files.readString(dir.resolve("shop.yaml")).replace("maxChangesPerMinute: 30", "maxChangesPerMinute: 5"));
        directory.load();
        assertThat(index.mission("shop", "scale-checkout").orElseThrow().getSpec().limitsOrDefault().maxChangesPerMinuteOrDefault()).isEqualTo(5);
        assertThat(index.mission("shop", "scale-checkout").orElseThrow().generation()).isNotEqualTo(generation);
    }

    @Test
    void an_invalid_file_is_reported_as_check_reports_it_and_skipped_or_kept() throws IOException {
        List<String> reported = new java.util.ArrayList<>();
        MissionDirectory directory = new MissionDirectory(dir, index, reported::add);
        copyShop();
        String good = Files.readString(dir.resolve("shop.yaml"));
        Files.writeString(dir.resolve("lab.yaml"), good.replace("shop", "lab").replace("mode: Enforce", "mode: Loud"));
        directory.load();
        Path lab = dir.resolve("lab.yaml");
        assertThat(reported).containsExactly(lab + ": Mission lab/scale-checkout: spec.judge.mode: \"Loud\" is not one of Enforce, Warn, DryRun"
                + " (file skipped)");
        assertThat(index.mission("lab", "scale-checkout")).isEmpty();
        assertThat(index.mission("shop", "scale-checkout")).isPresent();

        reported.clear();
        Files.writeString(dir.resolve("shop.yaml"), good.replace("mode: Enforce", "mode: Loud").replace("{name: default, namespace: shop}", "{name: default}"));
        directory.load();
        Path shop = dir.resolve("shop.yaml");
        assertThat(reported).containsExactly(
                shop + ": Mission shop/scale-checkout: spec.judge.mode: \"Loud\" is not one of Enforce, Warn, DryRun (file not loaded, keeping its previous content)",
                shop + ": Budget default: metadata.namespace: is required (Missions and Budgets are namespaced) (file not loaded, keeping its previous content)");
        assertThat(reported).noneMatch(line -> line.contains("Cannot deserialize") || line.contains("reference chain"));
        assertThat(index.mission("shop", "scale-checkout")).isPresent();

        reported.clear();
        directory.load();
        assertThat(reported).as("an unchanged bad file is reported once").isEmpty();
        Files.writeString(dir.resolve("shop.yaml"), "kind: Mission\nspec: [unclosed");
        directory.load();
        assertThat(reported).singleElement().asString().startsWith(shop + ": YAML: line 2, column 16: expected ',' or ']'");
    }

    @Test
    void a_missing_directory_is_a_clear_error() {
        assertThatThrownBy(() -> new MissionDirectory(dir.resolve("nope"), index).load())
                .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
        assertThat(index.loaded()).isFalse();
    }

    private void copyShop() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/missions/shop.yaml")) {
            Files.copy(in, dir.resolve("shop.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
