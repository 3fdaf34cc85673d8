package dev.ibac.judge.effect;

import java.util.Locale;

/**
 * A container image reference split as registries read it: {@code ghcr.io/acme/api:1.2@sha256:…}.
 * A first segment without a dot, a colon or "localhost" is a Docker Hub repository path.
 */
public record ImageRef(String registry, String repository, String tag, String digest) {
    static final String DOCKER_HUB = "docker.io";

    public static ImageRef parse(String image) {
        String rest = image.strip().toLowerCase(Locale.ROOT);
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && rest.startsWith("library/")) {
            rest = rest.substring("library/".length());
        }
        return new ImageRef(registry, rest, tag, digest);
    }

    /** The image's own name without its organisation: "acme/checkout" → "checkout". */
    public String shortName() {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    /** Same registry, repository and tag, a leading "v" of the tag ignored ("v2.8.0" is "2.8.0"). */
    public boolean sameAs(ImageRef other) {
        boolean digests = !digest.isEmpty() && !other.digest.isEmpty();
        // a digest names the image whatever tag is written beside it ("search-api:2.14.3@sha256:…" is "search-api@sha256:…")
        return registry.equals(other.registry) && repository.equals(other.repository)
                && (digests ? digest.equals(other.digest) : bare(version()).equals(bare(other.version())));
    }

    /**
     * The same image as {@code original} served from elsewhere: same tag and digest, a repository path that ends in the
     * original's ("harbor.internal/dockerhub/library/nginx:1.25" mirrors "nginx:1.25"). {@link #parse} drops Docker
     * Hub's "library/"; a proxy cache's path keeps it.
     */
    public boolean mirrors(ImageRef original) {
        String path = original.registry.equals(DOCKER_HUB) && !original.repository.contains("/") ? "library/" + original.repository
                : original.repository;
        return tag.equals(original.tag) && digest.equals(original.digest) && (repository.equals(path) || repository.endsWith("/" + path));
    }

    public boolean sameRepository(ImageRef other) {
        return registry.equals(other.registry) && repository.equals(other.repository);
    }

    private static String bare(String tag) {
        return tag.startsWith("v") ? tag.substring(1) : tag;
    }

    String version() {
        return !tag.isEmpty() ? tag : digest.isEmpty() ? "latest" : "@" + digest;
    }
}
