package dev.ibac.judge.semantic;

import java.util.Locale;

/** An image as goals name it: registry, repository and tag, compared as written (Docker Hub's default filled in). */
record ImageName(String registry, String repository, String tag) {
    static ImageName of(String image) {
        String rest = image.strip().toLowerCase(Locale.ROOT);
        int at = rest.indexOf('@');
        if (at >= 0) {
            rest = rest.substring(0, at);
        }
        String tag = "latest";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = "docker.io";
        int slash = rest.indexOf('/');
        if (slash > 0 && (rest.substring(0, slash).contains(".") || rest.substring(0, slash).contains(":"))) {
            registry = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        return new ImageName(registry, rest.startsWith("library/") ? rest.substring(8) : rest, tag.startsWith("v") ? tag.substring(1) : tag);
    }

    String shortName() {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }
}
