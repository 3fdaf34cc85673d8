package dev.ibac.crd;

/**
 * The Pod Security Standards level a mission's pods must meet (SPEC §2 {@code scope.podSecurity}).
 * Constants are spelled as the CRD's enum (and the Kubernetes documentation) spell them; the
 * privileged level is deliberately absent: an agent never runs unrestricted pods.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
 */
public enum PodSecurityLevel {
    baseline,
    restricted;

    /** Does this level include every control of {@code other}? (restricted includes baseline) */
    public boolean includes(PodSecurityLevel other) {
        return compareTo(other) >= 0;
    }
}
