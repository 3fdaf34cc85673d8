package dev.ibac.judge.describe;

import java.util.regex.Pattern;

/**
 * The grammars of the request fields a judge may see outside untrusted data. A name that is not a
 * DNS-1123 name (RBAC objects accept spaces and more) is agent text: it is shown as
 * {@link #NAME_REFERENCE} in the headline and in full, redacted, inside the object summary.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/overview/working-with-objects/names/">Object names</a>
 */
public final class KubernetesNames {
    /** Stands in the headline for a name, namespace or kind that failed its grammar. */
    public static final String NAME_REFERENCE = "[object-name]";
    public static final String NAMESPACE_REFERENCE = "[object-namespace]";
    public static final String KIND_REFERENCE = "[object-kind]";

    private static final String LABEL = "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?";
    private static final String SUBDOMAIN = LABEL + "(?:\\." + LABEL + ")*";
    /** DNS-1123 subdomains, joined by ':' as in RBAC names ("system:aggregate-to-admin"). */
    private static final String NAME = SUBDOMAIN + "(?::" + SUBDOMAIN + ")*";
    private static final String KIND = "[A-Z][A-Za-z0-9]{0,62}";
    private static final String API_VERSION = "(?:" + SUBDOMAIN + "/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?";
    private static final String RESOURCE = SUBDOMAIN + "(?:/" + LABEL + ")?";
    private static final String OPERATION = "CREATE|UPDATE|DELETE|CONNECT";

    private static final Pattern NAME_P = Pattern.compile(NAME);
    private static final Pattern NAMESPACE_P = Pattern.compile(LABEL);
    private static final Pattern KIND_P = Pattern.compile(KIND);
    private static final Pattern API_VERSION_P = Pattern.compile(API_VERSION);
    private static final Pattern RESOURCE_P = Pattern.compile(RESOURCE);
    private static final Pattern OPERATION_P = Pattern.compile(OPERATION);
    /** "UPDATE deployments shop/checkout (apps/v1 Deployment)", every part checked, as {@link ActionDescriber} writes it. */
    private static final Pattern HEADLINE = Pattern.compile("(?:" + OPERATION + ") (?:" + RESOURCE + ")"
            + "(?: (?:(?:" + LABEL + "|" + Pattern.quote(NAMESPACE_REFERENCE) + ")/)?(?:" + NAME + "|" + Pattern.quote(NAME_REFERENCE) + "))?"
            + "(?: \\((?:(?:" + API_VERSION + ")(?: (?:" + KIND + "|" + Pattern.quote(KIND_REFERENCE) + "))?|(?:" + KIND + "|"
            + Pattern.quote(KIND_REFERENCE) + "))\\))?");

    private KubernetesNames() {}

    public static boolean isName(String name) {
        return name.length() <= 253 && NAME_P.matcher(name).matches();
    }

    public static boolean isNamespace(String namespace) {
        return namespace.length() <= 63 && NAMESPACE_P.matcher(namespace).matches();
    }

    public static boolean isKind(String kind) {
        return KIND_P.matcher(kind).matches();
    }

    public static boolean isApiVersion(String apiVersion) {
        return apiVersion.length() <= 316 && API_VERSION_P.matcher(apiVersion).matches();
    }

    public static boolean isResource(String qualifiedResource) {
        return qualifiedResource.length() <= 317 && RESOURCE_P.matcher(qualifiedResource).matches();
    }

    public static boolean isOperation(String operation) {
        return OPERATION_P.matcher(operation).matches();
    }

    /** True when a headline holds nothing but checked request fields and the fixed references. */
    public static boolean isPlainHeadline(String headline) {
        return headline.length() <= 1024 && HEADLINE.matcher(headline).matches();
    }
}
