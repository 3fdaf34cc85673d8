package dev.ibac.action;

/** {@code request.resource} plus subresource: group "" is the core group. */
public record ResourceId(String group, String version, String resource, String subresource) {
    public ResourceId {
        group = group == null ? "" : group;
        version = version == null ? "" : version;
        resource = resource == null ? "" : resource;
        subresource = subresource == null ? "" : subresource;
    }

    /** "deployments" or "deployments/scale": the form mission scopes list. */
    public String qualifiedResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
}
