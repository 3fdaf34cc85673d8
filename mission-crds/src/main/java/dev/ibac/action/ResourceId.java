package dev.ibac.action;

/** {@code request.resource} plus subresource: group "" is the core group. */
public record ResourceId(String group, String version, String resource, String subresource) {
    public ResourceId {
        group = group == null ? "" : group;
        version = version == null ? "" : version;
        resource = resource == null ? "" : resource;
        subresource = subresource == null ? "" : subresource;
    }

    /**
     * The resource Kubernetes' naming convention gives a kind, in lower case: "Deployment" →
     * "deployments", "Ingress" → "ingresses", "NetworkPolicy" → "networkpolicies"; a word already
     * ending in a single "s" is taken as plural. CRDs may choose otherwise; this is the convention.
     */
    public static String pluralOf(String kind) {
        String lower = kind.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("ss") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) {
            return lower + "es";
        }
        if (lower.endsWith("y") && lower.length() > 1 && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower.endsWith("s") ? lower : lower + "s";
    }

    /** {@link #pluralOf}'s inverse for the resources it makes: "networkpolicies" → "networkpolicy". */
    public static String singularOf(String resource) {
        if (resource.endsWith("ies")) {
            return resource.substring(0, resource.length() - 3) + "y";
        }
        if (resource.endsWith("sses") || resource.endsWith("xes") || resource.endsWith("ches") || resource.endsWith("shes")) {
            return resource.substring(0, resource.length() - 2);
        }
        return resource.endsWith("s") ? resource.substring(0, resource.length() - 1) : resource;
    }

    /** "deployments" or "deployments/scale": the form mission scopes list. */
    public String qualifiedResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
}
