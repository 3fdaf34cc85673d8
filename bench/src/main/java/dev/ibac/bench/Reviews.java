package dev.ibac.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AdmissionReviews of the side-by-side bench, one template per kind of request, written to a
 * directory that both load tools read (wrk's bench/reviews.lua and {@link FixedRateClient}), so
 * they send the same bytes. Each is a Deployment as the API server sends it: managedFields of
 * kubectl and the controller manager, the last-applied annotation, status, 6–9 KB in all.
 * Placeholders, replaced per request: {@code @UID@} (the request uid, unique), {@code @N@} (a
 * unique number: names of kinds that must not repeat, resourceVersion) and {@code @TIME@}.
 *
 * <p>Usage: {@code Reviews DIR}
 */
public final class Reviews {
    static final String AGENT = "system:serviceaccount:shop:shop-agent";

    /** What each kind sends: who, which name, which operation, dryRun, and whether the pod is privileged. */
    record Kind(String user, String name, String operation, boolean dryRun, boolean privileged, String expect) {}

    static final Map<String, Kind> KINDS = kinds();

    private Reviews() {}

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("human", new Kind("alice@example.com", "web-@N@", "UPDATE", false, false, "allow (identity: not an agent)"));
        kinds.put("out-of-scope", new Kind(AGENT, "payments-@N@", "UPDATE", true, false, "deny at scope"));
        kinds.put("protect-denied", new Kind(AGENT, "checkout-@N@", "CREATE", true, true, "deny at protect (privileged container)"));
        kinds.put("budget-charged", new Kind(AGENT, "checkout", "CREATE", false, false, "allow, reserved and charged (not dryRun)"));
        kinds.put("judged-cached", new Kind(AGENT, "checkout", "UPDATE", true, false, "allow from the verdict cache"));
        kinds.put("judged-fresh", new Kind(AGENT, "checkout-@N@", "UPDATE", true, false, "allow after a semantic judgement"));
        kinds.put("llm", new Kind(AGENT, "checkout-@N@", "UPDATE", true, false, "allow after an LLM call (fake provider, 200 ms)"));
        kinds.put("llm-identical", new Kind(AGENT, "checkout-gray", "UPDATE", true, false, "one LLM call for all (single-flight)"));
        return kinds;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, Kind> kind : KINDS.entrySet()) {
            Files.writeString(dir.resolve(kind.getKey() + ".json"), review(kind.getValue()), StandardCharsets.UTF_8);
        }
    }

    static String review(Kind kind) {
        String object = deployment(kind.name(), 6, kind.privileged());
        String oldObject = kind.operation().equals("UPDATE") ? deployment(kind.name(), 4, false) : "null";
        return ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"@UID@\","
                + "\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"},"
                + "\"resource\":{\"group\":\"apps\",\"version\":\"v1\",\"resource\":\"deployments\"},"
                + "\"requestKind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"},"
                + "\"requestResource\":{\"group\":\"apps\",\"version\":\"v1\",\"resource\":\"deployments\"},"
                + "\"name\":\"%s\",\"namespace\":\"shop\",\"operation\":\"%s\","
                + "\"userInfo\":{\"username\":\"%s\",\"uid\":\"5c1d9a6e-0b7f-4f2a-9d62-2f3c9e1a7b40\","
                + "\"groups\":[\"system:serviceaccounts\",\"system:serviceaccounts:shop\",\"system:authenticated\"],"
                + "\"extra\":{\"authentication.kubernetes.io/pod-name\":[\"agent-7d9f8c6b5-x2x9q\"]}},"
                + "\"object\":%s,\"oldObject\":%s,\"dryRun\":%s,"
                + "\"options\":{\"kind\":\"%s\",\"apiVersion\":\"meta.k8s.io/v1\",\"fieldManager\":\"kubectl-client-side-apply\"}}}")
                .formatted(kind.name(), kind.operation(), kind.user(), object, oldObject, kind.dryRun(),
                        kind.operation().equals("CREATE") ? "CreateOptions" : "UpdateOptions");
    }

    private static String deployment(String name, int replicas, boolean privileged) {
        String container = container(privileged);
        String lastApplied = ("{\\\"apiVersion\\\":\\\"apps/v1\\\",\\\"kind\\\":\\\"Deployment\\\",\\\"metadata\\\":{\\\"name\\\":\\\"%s\\\","
                + "\\\"namespace\\\":\\\"shop\\\"},\\\"spec\\\":{\\\"replicas\\\":%d,\\\"selector\\\":{\\\"matchLabels\\\":{\\\"app\\\":\\\"checkout\\\"}},"
                + "\\\"template\\\":{\\\"metadata\\\":{\\\"labels\\\":{\\\"app\\\":\\\"checkout\\\"}},\\\"spec\\\":{\\\"containers\\\":"
                + "[{\\\"name\\\":\\\"app\\\",\\\"image\\\":\\\"registry.example.com/shop/checkout:1.42.0\\\"}]}}}}\\n").formatted(name, replicas);
        return ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"shop\","
                + "\"uid\":\"9f0c2d3e-@N@\",\"resourceVersion\":\"@N@\",\"generation\":7,\"creationTimestamp\":\"@TIME@\","
                + "\"labels\":{\"app\":\"checkout\",\"app.kubernetes.io/part-of\":\"shop\",\"team\":\"payments\"},"
                + "\"annotations\":{\"deployment.kubernetes.io/revision\":\"7\",\"ibac.io/rationale\":\"Black Friday traffic:"
                + " the checkout p99 is above 800 ms at 4 replicas; 6 replicas keep it under 300 ms in the load test\","
                + "\"kubectl.kubernetes.io/last-applied-configuration\":\"%s\"},"
                + "\"managedFields\":[%s]},"
                + "\"spec\":{\"replicas\":%d,\"selector\":{\"matchLabels\":{\"app\":\"checkout\"}},"
                + "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%%\",\"maxSurge\":\"25%%\"}},"
                + "\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600,"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"checkout\",\"app.kubernetes.io/part-of\":\"shop\"},"
                + "\"annotations\":{\"prometheus.io/scrape\":\"true\",\"prometheus.io/port\":\"9090\"}},"
                + "\"spec\":{\"containers\":[%s],\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,"
                + "\"dnsPolicy\":\"ClusterFirst\",\"serviceAccountName\":\"checkout\",\"schedulerName\":\"default-scheduler\","
                + "\"securityContext\":{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}}}},"
                + "\"status\":{\"observedGeneration\":7,\"replicas\":4,\"updatedReplicas\":4,\"readyReplicas\":4,"
                + "\"availableReplicas\":4,\"conditions\":[{\"type\":\"Available\",\"status\":\"True\","
                + "\"lastUpdateTime\":\"@TIME@\",\"lastTransitionTime\":\"@TIME@\",\"reason\":\"MinimumReplicasAvailable\","
                + "\"message\":\"Deployment has minimum availability.\"},{\"type\":\"Progressing\",\"status\":\"True\","
                + "\"lastUpdateTime\":\"@TIME@\",\"lastTransitionTime\":\"@TIME@\",\"reason\":\"NewReplicaSetAvailable\","
                + "\"message\":\"ReplicaSet \\\"checkout-6d8f9b7c4\\\" has successfully progressed.\"}]}}")
                .formatted(name, lastApplied, managedFields(), replicas, container);
    }

    private static String container(boolean privileged) {
        String security = privileged ? "{\"privileged\":true}"
                : "{\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"]},\"readOnlyRootFilesystem\":true}";
        return "{\"name\":\"app\",\"image\":\"registry.example.com/shop/checkout:1.42.0\",\"imagePullPolicy\":\"IfNotPresent\","
                + "\"ports\":[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"},{\"name\":\"metrics\",\"containerPort\":9090,\"protocol\":\"TCP\"}],"
                + "\"env\":[{\"name\":\"CHECKOUT_MODE\",\"value\":\"production\"},{\"name\":\"REDIS_URL\",\"value\":\"redis://redis-cache.shop.svc:6379\"},"
                + "{\"name\":\"DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"checkout-db\",\"key\":\"password\"}}}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"},\"limits\":{\"cpu\":\"500m\",\"memory\":\"512Mi\"}},"
                + "\"readinessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080,\"scheme\":\"HTTP\"},\"periodSeconds\":10,"
                + "\"timeoutSeconds\":1,\"successThreshold\":1,\"failureThreshold\":3},"
                + "\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\","
                + "\"securityContext\":" + security + "}";
    }

    /** kubectl's and the controller manager's field ownership, as the API server attaches it. */
    private static String managedFields() {
        String kubectl = "{\"manager\":\"kubectl-client-side-apply\",\"operation\":\"Update\",\"apiVersion\":\"apps/v1\","
                + "\"time\":\"@TIME@\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{\"f:annotations\":{\".\":{},"
                + "\"f:kubectl.kubernetes.io/last-applied-configuration\":{},\"f:ibac.io/rationale\":{}},\"f:labels\":{\".\":{},"
                + "\"f:app\":{},\"f:app.kubernetes.io/part-of\":{},\"f:team\":{}}},\"f:spec\":{\"f:progressDeadlineSeconds\":{},"
                + "\"f:replicas\":{},\"f:revisionHistoryLimit\":{},\"f:selector\":{},\"f:strategy\":{\"f:rollingUpdate\":{\".\":{},"
                + "\"f:maxSurge\":{},\"f:maxUnavailable\":{}},\"f:type\":{}},\"f:template\":{\"f:metadata\":{\"f:annotations\":{\".\":{},"
                + "\"f:prometheus.io/port\":{},\"f:prometheus.io/scrape\":{}},\"f:labels\":{\".\":{},\"f:app\":{},"
                + "\"f:app.kubernetes.io/part-of\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},"
                + "\"f:env\":{\".\":{},\"k:{\\\"name\\\":\\\"CHECKOUT_MODE\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}},"
                + "\"k:{\\\"name\\\":\\\"DB_PASSWORD\\\"}\":{\".\":{},\"f:name\":{},\"f:valueFrom\":{\".\":{},\"f:secretKeyRef\":{}}},"
                + "\"k:{\\\"name\\\":\\\"REDIS_URL\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}},\"f:image\":{},"
                + "\"f:imagePullPolicy\":{},\"f:name\":{},\"f:ports\":{\".\":{},\"k:{\\\"containerPort\\\":8080,\\\"protocol\\\":\\\"TCP\\\"}\":{"
                + "\".\":{},\"f:containerPort\":{},\"f:name\":{},\"f:protocol\":{}},\"k:{\\\"containerPort\\\":9090,\\\"protocol\\\":\\\"TCP\\\"}\":{"
                + "\".\":{},\"f:containerPort\":{},\"f:name\":{},\"f:protocol\":{}}},\"f:readinessProbe\":{\".\":{},\"f:failureThreshold\":{},"
                + "\"f:httpGet\":{\".\":{},\"f:path\":{},\"f:port\":{},\"f:scheme\":{}},\"f:periodSeconds\":{},\"f:successThreshold\":{},"
                + "\"f:timeoutSeconds\":{}},\"f:resources\":{\".\":{},\"f:limits\":{\".\":{},\"f:cpu\":{},\"f:memory\":{}},"
                + "\"f:requests\":{\".\":{},\"f:cpu\":{},\"f:memory\":{}}},\"f:securityContext\":{},"
                + "\"f:terminationMessagePath\":{},\"f:terminationMessagePolicy\":{}}},\"f:dnsPolicy\":{},\"f:restartPolicy\":{},"
                + "\"f:schedulerName\":{},\"f:securityContext\":{\".\":{},\"f:runAsNonRoot\":{},\"f:seccompProfile\":{}},"
                + "\"f:serviceAccountName\":{},\"f:terminationGracePeriodSeconds\":{}}}}}}";
        String controller = "{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\",\"apiVersion\":\"apps/v1\","
                + "\"time\":\"@TIME@\",\"fieldsType\":\"FieldsV1\",\"subresource\":\"status\",\"fieldsV1\":{\"f:metadata\":{"
                + "\"f:annotations\":{\"f:deployment.kubernetes.io/revision\":{}}},\"f:status\":{\"f:availableReplicas\":{},"
                + "\"f:conditions\":{\".\":{},\"k:{\\\"type\\\":\\\"Available\\\"}\":{\".\":{},\"f:lastTransitionTime\":{},"
                + "\"f:lastUpdateTime\":{},\"f:message\":{},\"f:reason\":{},\"f:status\":{},\"f:type\":{}},"
                + "\"k:{\\\"type\\\":\\\"Progressing\\\"}\":{\".\":{},\"f:lastTransitionTime\":{},\"f:lastUpdateTime\":{},"
                + "\"f:message\":{},\"f:reason\":{},\"f:status\":{},\"f:type\":{}}},\"f:observedGeneration\":{},"
                + "\"f:readyReplicas\":{},\"f:replicas\":{},\"f:updatedReplicas\":{}}}}";
        return kubectl + "," + controller;
    }
}
