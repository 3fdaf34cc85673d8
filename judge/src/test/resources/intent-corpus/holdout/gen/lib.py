"""Helpers that build realistic AdmissionReview object payloads for the holdout corpus.
Plain Python 3 standard library only."""
import copy
import hashlib
import uuid

RAT = "ibac.io/rationale"
REG = "registry.internal.acme.io"
NOW = "2026-12-02T00:41:17Z"
CASES = []

PLURAL = {
    "Deployment": "deployments", "StatefulSet": "statefulsets", "Job": "jobs", "CronJob": "cronjobs",
    "Service": "services", "Ingress": "ingresses", "ConfigMap": "configmaps", "Secret": "secrets",
    "PersistentVolumeClaim": "persistentvolumeclaims", "HorizontalPodAutoscaler": "horizontalpodautoscalers",
    "PodDisruptionBudget": "poddisruptionbudgets", "NetworkPolicy": "networkpolicies",
    "ServiceAccount": "serviceaccounts", "Role": "roles", "RoleBinding": "rolebindings",
    "ClusterRole": "clusterroles", "ClusterRoleBinding": "clusterrolebindings",
    "KafkaTopic": "kafkatopics", "KafkaUser": "kafkausers", "Kafka": "kafkas",
    "KafkaMirrorMaker2": "kafkamirrormaker2s", "HTTPRoute": "httproutes", "Gateway": "gateways",
    "ScaledObject": "scaledobjects", "TriggerAuthentication": "triggerauthentications",
    "SecretStore": "secretstores", "ClusterSecretStore": "clustersecretstores",
    "ExternalSecret": "externalsecrets", "PushSecret": "pushsecrets",
    "Certificate": "certificates", "Issuer": "issuers", "ClusterIssuer": "clusterissuers",
    "ServiceMonitor": "servicemonitors", "PrometheusRule": "prometheusrules",
    "VolumeSnapshot": "volumesnapshots",
}


def uid(seed):
    return str(uuid.UUID(hashlib.md5(seed.encode()).hexdigest()))


def rv(seed):
    return str(int(hashlib.md5(("rv" + seed).encode()).hexdigest()[:7], 16) % 90000000 + 10000000)


def labels(app, part_of=None, component=None, version=None, team=None, extra=None):
    l = {"app.kubernetes.io/name": app, "app.kubernetes.io/managed-by": "argocd" if team else "kustomize"}
    if part_of:
        l["app.kubernetes.io/part-of"] = part_of
    if component:
        l["app.kubernetes.io/component"] = component
    if version:
        l["app.kubernetes.io/version"] = version
    if team:
        l["acme.io/team"] = team
    if extra:
        l.update(extra)
    return l


def meta(name, ns, lab, ann=None, existing=True, created="2026-10-14T09:12:44Z", gen=None):
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["uid"] = uid(f"{ns}/{name}/{existing}")
    if existing:
        m["resourceVersion"] = rv(f"{ns}/{name}")
        m["creationTimestamp"] = created
    else:
        m["creationTimestamp"] = NOW
    if gen is not None:
        m["generation"] = gen
    m["labels"] = dict(lab)
    if ann:
        m["annotations"] = dict(ann)
    return m


def _fields(o, depth):
    if not isinstance(o, dict) or depth == 0:
        return {}
    return {"f:" + k: _fields(v, depth - 1) for k, v in o.items()
            if k not in ("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "status")}


def add_managed(obj, manager, op_time, apply=False):
    mf = {"manager": manager, "operation": "Apply" if apply else "Update",
          "apiVersion": obj["apiVersion"], "time": op_time, "fieldsType": "FieldsV1",
          "fieldsV1": _fields({k: v for k, v in obj.items() if k in ("metadata", "spec", "data", "rules", "subjects", "roleRef", "stringData", "type")}, 4)}
    obj["metadata"].setdefault("managedFields", []).append(mf)
    if "status" in obj:
        obj["metadata"]["managedFields"].append({"manager": "kube-controller-manager", "operation": "Update",
                                                 "apiVersion": obj["apiVersion"], "time": "2026-12-01T22:03:10Z",
                                                 "fieldsType": "FieldsV1", "subresource": "status",
                                                 "fieldsV1": {"f:status": _fields(obj["status"], 2)}})


def env(**kw):
    return [{"name": k, "value": str(v)} for k, v in kw.items()]


def container(name, image, port=8080, envs=None, cpu="250m", mem="256Mi", lcpu="1", lmem="512Mi",
              probes=True, command=None, args=None, mounts=None, sc=None, env_from=None, extra_ports=None,
              probe_path="/healthz", ready_path="/readyz"):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent"}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if port:
        c["ports"] = [{"name": "http", "containerPort": port, "protocol": "TCP"}] + (extra_ports or [])
    if envs:
        c["env"] = envs
    if env_from:
        c["envFrom"] = env_from
    c["resources"] = {"requests": {"cpu": cpu, "memory": mem}, "limits": {"cpu": lcpu, "memory": lmem}}
    if probes and port:
        c["readinessProbe"] = {"httpGet": {"path": ready_path, "port": "http", "scheme": "HTTP"},
                               "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 2,
                               "successThreshold": 1, "failureThreshold": 3}
        c["livenessProbe"] = {"httpGet": {"path": probe_path, "port": "http", "scheme": "HTTP"},
                              "initialDelaySeconds": 15, "periodSeconds": 20, "timeoutSeconds": 2,
                              "successThreshold": 1, "failureThreshold": 3}
    if mounts:
        c["volumeMounts"] = mounts
    c["securityContext"] = sc if sc is not None else {
        "allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    return c


def podspec(containers, sa="default", volumes=None, restart="Always", tolerations=None, affinity=None,
            node_selector=None, extra=None):
    p = {"serviceAccountName": sa, "automountServiceAccountToken": False,
         "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "fsGroup": 10001},
         "containers": containers, "restartPolicy": restart, "terminationGracePeriodSeconds": 30,
         "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler"}
    if volumes:
        p["volumes"] = volumes
    if tolerations:
        p["tolerations"] = tolerations
    if affinity:
        p["affinity"] = affinity
    if node_selector:
        p["nodeSelector"] = node_selector
    if extra:
        p.update(extra)
    return p


def deployment(name, ns, lab, pod, replicas=2, ann=None, existing=True, sel=None, pod_labels=None, gen=7,
               ready=None):
    sel = sel or {"app.kubernetes.io/name": lab["app.kubernetes.io/name"]}
    pl = dict(sel)
    pl.update(pod_labels or {})
    if "app.kubernetes.io/version" in lab:
        pl["app.kubernetes.io/version"] = lab["app.kubernetes.io/version"]
    o = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": meta(name, ns, lab, ann, existing, gen=gen if existing else 1),
         "spec": {"replicas": replicas, "revisionHistoryLimit": 5, "progressDeadlineSeconds": 600,
                  "selector": {"matchLabels": sel},
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                  "template": {"metadata": {"labels": pl,
                                            "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"}},
                               "spec": pod}}}
    if existing:
        r = replicas if ready is None else ready
        o["status"] = {"observedGeneration": gen, "replicas": r, "updatedReplicas": r, "readyReplicas": r,
                       "availableReplicas": r,
                       "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                       "message": "Deployment has minimum availability.",
                                       "lastUpdateTime": "2026-11-30T18:22:03Z", "lastTransitionTime": "2026-11-30T18:22:03Z"},
                                      {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                                       "message": f'ReplicaSet "{name}-6f9c8d7b54" has successfully progressed.',
                                       "lastUpdateTime": "2026-11-30T18:21:40Z", "lastTransitionTime": "2026-10-14T09:12:44Z"}]}
    return o


def job_template(pod, backoff=0, parallelism=None, completions=None, ttl=86400, deadline=None):
    s = {"backoffLimit": backoff, "ttlSecondsAfterFinished": ttl, "template": {"metadata": {"labels": {}}, "spec": pod}}
    if parallelism is not None:
        s["parallelism"] = parallelism
    if completions is not None:
        s["completions"] = completions
    if deadline:
        s["activeDeadlineSeconds"] = deadline
    return s


def job(name, ns, lab, pod, ann=None, existing=False, **kw):
    spec = job_template(pod, **kw)
    spec["template"]["metadata"]["labels"] = {"app.kubernetes.io/name": lab["app.kubernetes.io/name"],
                                              "batch.kubernetes.io/job-name": name}
    o = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta(name, ns, lab, ann, existing, gen=1),
         "spec": spec}
    spec["completionMode"] = "NonIndexed"
    spec["suspend"] = False
    return o


def cronjob(name, ns, lab, pod, schedule, ann=None, existing=True, tz=None, suspend=False, concurrency="Forbid",
            gen=4, **kw):
    jt = job_template(pod, **kw)
    jt["template"]["metadata"]["labels"] = {"app.kubernetes.io/name": lab["app.kubernetes.io/name"]}
    spec = {"schedule": schedule}
    if tz:
        spec["timeZone"] = tz
    spec.update({"concurrencyPolicy": concurrency, "suspend": suspend, "startingDeadlineSeconds": 600,
                 "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 3,
                 "jobTemplate": {"metadata": {"labels": dict(jt["template"]["metadata"]["labels"])}, "spec": jt}})
    o = {"apiVersion": "batch/v1", "kind": "CronJob",
         "metadata": meta(name, ns, lab, ann, existing, gen=gen if existing else 1), "spec": spec}
    if existing:
        o["status"] = {"lastScheduleTime": "2026-12-01T00:30:00Z", "lastSuccessfulTime": "2026-12-01T03:58:41Z"}
    return o


def service(name, ns, lab, sel, ports, typ="ClusterIP", ann=None, existing=True, cluster_ip="10.96.41.17"):
    o = {"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns, lab, ann, existing),
         "spec": {"type": typ, "selector": sel, "ports": ports, "sessionAffinity": "None",
                  "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}}
    if existing:
        o["spec"]["clusterIP"] = cluster_ip
        o["spec"]["clusterIPs"] = [cluster_ip]
        o["status"] = {"loadBalancer": {}}
    return o


def port(name, p, target=None, proto="TCP"):
    return {"name": name, "port": p, "targetPort": target or name, "protocol": proto}


def configmap(name, ns, lab, data, ann=None, existing=True):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, ns, lab, ann, existing), "data": data}


def secret(name, ns, lab, data, typ="Opaque", ann=None, existing=False):
    return {"apiVersion": "v1", "kind": "Secret", "metadata": meta(name, ns, lab, ann, existing), "type": typ,
            "data": data}


def pvc(name, ns, lab, size, sc="ssd-retain", ann=None, existing=True, vol="pvc-", mode="ReadWriteOnce"):
    o = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta(name, ns, lab, ann, existing),
         "spec": {"accessModes": [mode], "resources": {"requests": {"storage": size}}, "storageClassName": sc,
                  "volumeMode": "Filesystem"}}
    if existing:
        o["metadata"].setdefault("annotations", {}).update({
            "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
            "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com",
            "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"})
        o["metadata"]["finalizers"] = ["kubernetes.io/pvc-protection"]
        o["spec"]["volumeName"] = vol + uid(name)
        o["status"] = {"phase": "Bound", "accessModes": [mode], "capacity": {"storage": size}}
    return o


def hpa(name, ns, lab, target, mn, mx, cpu, behavior=None, ann=None, existing=True, current=None, kind="Deployment"):
    o = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
         "metadata": meta(name, ns, lab, ann, existing),
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": target},
                  "minReplicas": mn, "maxReplicas": mx,
                  "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}}}]}}
    if behavior:
        o["spec"]["behavior"] = behavior
    if existing:
        c = current or mn
        o["status"] = {"currentReplicas": c, "desiredReplicas": c, "lastScaleTime": "2026-12-01T19:40:02Z",
                       "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 58, "averageValue": "290m"}}}],
                       "conditions": [{"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale", "lastTransitionTime": "2026-12-01T19:40:17Z"},
                                      {"type": "ScalingActive", "status": "True", "reason": "ValidMetricFound", "lastTransitionTime": "2026-10-14T09:15:02Z"}]}
    return o


def pdb(name, ns, lab, sel, min_av=None, max_un=None, ann=None, existing=False):
    spec = {"selector": {"matchLabels": sel}}
    if min_av is not None:
        spec["minAvailable"] = min_av
    if max_un is not None:
        spec["maxUnavailable"] = max_un
    spec["unhealthyPodEvictionPolicy"] = "AlwaysAllow"
    o = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(name, ns, lab, ann, existing),
         "spec": spec}
    if existing:
        o["status"] = {"observedGeneration": 1, "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3,
                       "disruptionsAllowed": 1,
                       "conditions": [{"type": "DisruptionAllowed", "status": "True", "reason": "SufficientPods",
                                       "lastTransitionTime": "2026-11-30T18:22:05Z", "observedGeneration": 1, "message": ""}]}
    return o


def netpol(name, ns, lab, sel, ingress=None, egress=None, ann=None, existing=False):
    types = []
    spec = {"podSelector": {"matchLabels": sel}}
    if ingress is not None:
        spec["ingress"] = ingress
        types.append("Ingress")
    if egress is not None:
        spec["egress"] = egress
        types.append("Egress")
    spec["policyTypes"] = types
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": meta(name, ns, lab, ann, existing), "spec": spec}


DNS_EGRESS = {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                      "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
              "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}


def role(name, ns, lab, rules, ann=None, existing=False, cluster=False):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole" if cluster else "Role",
            "metadata": meta(name, None if cluster else ns, lab, ann, existing), "rules": rules}


def binding(name, ns, lab, role_kind, role_name, subjects, ann=None, existing=False, cluster=False):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding" if cluster else "RoleBinding",
            "metadata": meta(name, None if cluster else ns, lab, ann, existing),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
            "subjects": subjects}


def sa(name, ns, lab, ann=None, existing=False):
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, ns, lab, ann, existing),
            "automountServiceAccountToken": False}


def custom(api, kind, name, ns, lab, spec, ann=None, existing=False, status=None, gen=None):
    o = {"apiVersion": api, "kind": kind, "metadata": meta(name, ns, lab, ann, existing, gen=gen), "spec": spec}
    if existing and status is not None:
        o["status"] = status
    return o


def scale(name, ns, replicas, old_replicas, selector):
    def mk(r, st):
        return {"apiVersion": "autoscaling/v1", "kind": "Scale",
                "metadata": {"name": name, "namespace": ns, "uid": uid(f"{ns}/{name}/True"),
                             "resourceVersion": rv(f"{ns}/{name}"), "creationTimestamp": "2026-10-14T09:12:44Z"},
                "spec": {"replicas": r}, "status": {"replicas": st, "selector": selector}}
    return mk(replicas, old_replicas), mk(old_replicas, old_replicas)


def update(old, fn, bump=True):
    new = copy.deepcopy(old)
    fn(new)
    if bump and "generation" in new["metadata"] and new.get("spec") != old.get("spec"):
        new["metadata"]["generation"] += 1
    return new


def annotate(o, **kw):
    o["metadata"].setdefault("annotations", {}).update({k.replace("__", "/").replace("_", "-") if "__" in k else k: v for k, v in kw.items()})
    return o


def rationale(o, text):
    o["metadata"].setdefault("annotations", {})[RAT] = text
    return o


def add(mission, category, expect, op, obj, old, why, sub=""):
    ref = obj if obj is not None else old
    api = ref["apiVersion"]
    group, version = (api.split("/") if "/" in api else ("", api))
    kind = ref["kind"]
    resource = PLURAL.get(kind)
    if sub == "scale":
        group, version, resource = "apps", "v1", "deployments"
    assert resource, kind
    ns = ref["metadata"].get("namespace", "")
    for o, mgr, t in ((old, "argocd-controller", "2026-11-30T18:21:39Z"), (obj, "ibac-agent", NOW)):
        if o is not None and "managedFields" not in o["metadata"] and o["kind"] != "Scale":
            if o is old:
                add_managed(o, mgr, t)
            elif old is not None:
                o["metadata"]["managedFields"] = copy.deepcopy(old["metadata"].get("managedFields", []))
                add_managed(o, mgr, t)
            else:
                add_managed(o, mgr, t, apply=True)
    CASES.append({"id": f"hold-{len(CASES) + 1:03d}", "mission": mission, "category": category, "expect": expect,
                  "operation": op, "group": group, "version": version, "resource": resource, "subresource": sub,
                  "kind": kind, "namespace": ns, "name": ref["metadata"]["name"], "object": obj,
                  "oldObject": old, "why": why})
