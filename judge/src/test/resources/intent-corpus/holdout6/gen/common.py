"""Shared helpers for the holdout6 corpus generator (stdlib only, deterministic)."""
import copy
import json
import uuid

NS_UUID = uuid.UUID("6b1f3c2e-4d5a-4e7f-9a0b-1c2d3e4f5a6b")
CREATED = "2025-02-03T08:15:42Z"
UPDATED = "2025-03-14T09:30:11Z"

RESOURCES = {
    "Deployment": ("apps", "deployments"), "StatefulSet": ("apps", "statefulsets"),
    "DaemonSet": ("apps", "daemonsets"), "Service": ("", "services"),
    "ConfigMap": ("", "configmaps"), "Secret": ("", "secrets"),
    "ServiceAccount": ("", "serviceaccounts"), "PersistentVolumeClaim": ("", "persistentvolumeclaims"),
    "Namespace": ("", "namespaces"), "Role": ("rbac.authorization.k8s.io", "roles"),
    "RoleBinding": ("rbac.authorization.k8s.io", "rolebindings"),
    "ClusterRole": ("rbac.authorization.k8s.io", "clusterroles"),
    "ClusterRoleBinding": ("rbac.authorization.k8s.io", "clusterrolebindings"),
    "NetworkPolicy": ("networking.k8s.io", "networkpolicies"), "Ingress": ("networking.k8s.io", "ingresses"),
    "PodDisruptionBudget": ("policy", "poddisruptionbudgets"),
    "HorizontalPodAutoscaler": ("autoscaling", "horizontalpodautoscalers"),
    "CronJob": ("batch", "cronjobs"), "Job": ("batch", "jobs"),
    "ResourceQuota": ("", "resourcequotas"),
    "ServiceMonitor": ("monitoring.coreos.com", "servicemonitors"),
    "PrometheusRule": ("monitoring.coreos.com", "prometheusrules"),
    "Pipeline": ("tekton.dev", "pipelines"), "Task": ("tekton.dev", "tasks"),
    "EventListener": ("triggers.tekton.dev", "eventlisteners"),
    "TriggerTemplate": ("triggers.tekton.dev", "triggertemplates"),
    "TriggerBinding": ("triggers.tekton.dev", "triggerbindings"),
    "InferenceService": ("serving.kserve.io", "inferenceservices"),
}

CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding"}


def uid(*parts):
    return str(uuid.uuid5(NS_UUID, "/".join(parts)))


def _fields(v, depth=0):
    """Build a plausible managedFields fieldsV1 tree from an object."""
    if depth > 7:
        return {}
    if isinstance(v, dict):
        out = {}
        for k, sub in v.items():
            if isinstance(sub, list) and sub and all(isinstance(i, dict) and "name" in i for i in sub):
                out["f:" + k] = {'k:{"name":"%s"}' % i["name"]: dict({".": {}}, **_fields(i, depth + 2)) for i in sub}
            elif isinstance(sub, dict) and sub:
                out["f:" + k] = dict({".": {}}, **_fields(sub, depth + 1)) if depth > 0 else _fields(sub, depth + 1)
            else:
                out["f:" + k] = {}
        return out
    return {}


def k8s(api_version, kind, name, namespace, labels=None, annotations=None, body=None,
        applied=True, manager="kubectl-client-side-apply", generation=True, rv="48213"):
    """Create a finished API object with realistic metadata."""
    md = {"name": name}
    if kind not in CLUSTER_SCOPED and namespace:
        md["namespace"] = namespace
    md["uid"] = uid(namespace or "", kind, name)
    md["resourceVersion"] = rv
    if generation:
        md["generation"] = 1
    md["creationTimestamp"] = CREATED
    if labels:
        md["labels"] = dict(labels)
    ann = dict(annotations or {})
    obj = {"apiVersion": api_version, "kind": kind, "metadata": md}
    for k, v in (body or {}).items():
        obj[k] = v
    if applied:
        la_md = {"name": name}
        if "namespace" in md:
            la_md["namespace"] = namespace
        if labels:
            la_md["labels"] = dict(labels)
        if ann:
            la_md["annotations"] = dict(ann)
        la = {"apiVersion": api_version, "kind": kind, "metadata": la_md}
        for k, v in (body or {}).items():
            if k != "status":
                la[k] = v
        ann["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(la, separators=(",", ":")) + "\n"
    if ann:
        md["annotations"] = ann
        # keep key order: annotations after labels
    spec_fields = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata", "status")}
    mdf = {}
    if ann:
        mdf["f:annotations"] = dict({".": {}}, **{"f:" + a: {} for a in ann})
    if labels:
        mdf["f:labels"] = dict({".": {}}, **{"f:" + l: {} for l in labels})
    mf = [{
        "manager": manager, "operation": "Update", "apiVersion": api_version,
        "time": CREATED, "fieldsType": "FieldsV1",
        "fieldsV1": dict({"f:metadata": mdf}, **_fields(spec_fields)),
    }]
    if "status" in obj:
        mf.append({"manager": "kube-controller-manager", "operation": "Update", "apiVersion": api_version,
                   "time": CREATED, "fieldsType": "FieldsV1", "subresource": "status",
                   "fieldsV1": _fields({"status": obj["status"]})})
    md["managedFields"] = mf
    # reorder metadata canonically
    order = ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
             "labels", "annotations", "ownerReferences", "managedFields"]
    obj["metadata"] = {k: md[k] for k in order if k in md}
    return obj


def updated(old, mutate, manager="kubectl-client-side-apply", reapply=True):
    """Return a new version of old after mutate(new) — bumps resourceVersion/generation, adds managedFields."""
    new = copy.deepcopy(old)
    mutate(new)
    md = new["metadata"]
    md["resourceVersion"] = str(int(old["metadata"]["resourceVersion"]) + 1731)
    if "generation" in md and any(new.get(k) != old.get(k) for k in new if k not in ("metadata", "status")):
        md["generation"] = old["metadata"]["generation"] + 1
    ann = md.get("annotations", {})
    if reapply and "kubectl.kubernetes.io/last-applied-configuration" in ann:
        la_md = {"name": md["name"]}
        if "namespace" in md:
            la_md["namespace"] = md["namespace"]
        if md.get("labels"):
            la_md["labels"] = md["labels"]
        other = {k: v for k, v in ann.items() if k != "kubectl.kubernetes.io/last-applied-configuration"}
        if other:
            la_md["annotations"] = other
        la = {"apiVersion": new["apiVersion"], "kind": new["kind"], "metadata": la_md}
        for k, v in new.items():
            if k not in ("apiVersion", "kind", "metadata", "status"):
                la[k] = v
        ann["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(la, separators=(",", ":")) + "\n"
    changed = {k: v for k, v in new.items() if k not in ("apiVersion", "kind", "metadata", "status") and old.get(k) != v}
    mdf = {}
    if md.get("annotations") != old["metadata"].get("annotations"):
        mdf["f:annotations"] = {"f:" + a: {} for a in md.get("annotations", {})}
    if md.get("labels") != old["metadata"].get("labels"):
        mdf["f:labels"] = {"f:" + l: {} for l in md.get("labels", {})}
    entry = {"manager": manager, "operation": "Update", "apiVersion": new["apiVersion"], "time": UPDATED,
             "fieldsType": "FieldsV1", "fieldsV1": dict({"f:metadata": mdf} if mdf else {}, **_fields(changed))}
    md["managedFields"] = [m for m in md["managedFields"]] + [entry]
    return new


# ---------- workload building blocks ----------

def res(cpu_req, mem_req, cpu_lim=None, mem_lim=None, extra_lim=None):
    r = {"requests": {"cpu": cpu_req, "memory": mem_req}}
    lim = {}
    if cpu_lim:
        lim["cpu"] = cpu_lim
    if mem_lim:
        lim["memory"] = mem_lim
    if extra_lim:
        lim.update(extra_lim)
        r["requests"].update(extra_lim)
    if lim:
        r["limits"] = lim
    return r


def http_probe(path, port, delay=10, period=10):
    return {"httpGet": {"path": path, "port": port, "scheme": "HTTP"}, "initialDelaySeconds": delay,
            "periodSeconds": period, "timeoutSeconds": 2, "successThreshold": 1, "failureThreshold": 3}


def tcp_probe(port, delay=5, period=10):
    return {"tcpSocket": {"port": port}, "initialDelaySeconds": delay, "periodSeconds": period,
            "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}


def exec_probe(cmd, delay=10, period=10):
    return {"exec": {"command": cmd}, "initialDelaySeconds": delay, "periodSeconds": period,
            "timeoutSeconds": 5, "successThreshold": 1, "failureThreshold": 3}


RESTRICTED_SC = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                 "readOnlyRootFilesystem": True, "runAsNonRoot": True,
                 "seccompProfile": {"type": "RuntimeDefault"}}


def container(name, image, ports=None, env=None, resources=None, liveness=None, readiness=None,
              command=None, args=None, sc=None, mounts=None, env_from=None, pull="IfNotPresent"):
    c = {"name": name, "image": image}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if ports:
        c["ports"] = [{"name": n, "containerPort": p, "protocol": "TCP"} for n, p in ports]
    if env_from:
        c["envFrom"] = env_from
    if env:
        c["env"] = [e if isinstance(e, dict) else {"name": e[0], "value": e[1]} for e in env]
    c["resources"] = resources or res("100m", "128Mi", "500m", "256Mi")
    if liveness:
        c["livenessProbe"] = liveness
    if readiness:
        c["readinessProbe"] = readiness
    if mounts:
        c["volumeMounts"] = [{"name": n, "mountPath": p} if len(m) == 2 else {"name": n, "mountPath": p, "readOnly": m[2]}
                             for m in mounts for n, p in [m[:2]]]
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["imagePullPolicy"] = pull
    if sc is not None:
        c["securityContext"] = sc
    return c


def pod_template(labels, containers, sa=None, volumes=None, sc=None, annotations=None, init=None,
                 node_selector=None, tolerations=None, pull_secrets=None, grace=30, restart="Always", extra=None):
    spec = {}
    if init:
        spec["initContainers"] = init
    spec["containers"] = containers
    spec["restartPolicy"] = restart
    spec["terminationGracePeriodSeconds"] = grace
    spec["dnsPolicy"] = "ClusterFirst"
    if node_selector:
        spec["nodeSelector"] = node_selector
    if sa:
        spec["serviceAccountName"] = sa
        spec["serviceAccount"] = sa
    spec["securityContext"] = sc if sc is not None else {}
    if pull_secrets:
        spec["imagePullSecrets"] = [{"name": p} for p in pull_secrets]
    spec["schedulerName"] = "default-scheduler"
    if tolerations:
        spec["tolerations"] = tolerations
    if volumes:
        spec["volumes"] = volumes
    if extra:
        spec.update(extra)
    md = {"creationTimestamp": None, "labels": dict(labels)}
    if annotations:
        md["annotations"] = annotations
    return {"metadata": md, "spec": spec}


def deployment(name, ns, labels, replicas, template, strategy=None, annotations=None, existing=True, **kw):
    sel = {k: v for k, v in labels.items() if k in ("app", "app.kubernetes.io/name", "component", "track", "app.kubernetes.io/component")}
    spec = {"replicas": replicas, "selector": {"matchLabels": sel},
            "strategy": strategy or {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
            "template": template, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600}
    body = {"spec": spec}
    if existing:
        body["status"] = {"observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
                          "readyReplicas": replicas, "availableReplicas": replicas,
                          "conditions": [{"type": "Available", "status": "True", "lastUpdateTime": CREATED,
                                          "lastTransitionTime": CREATED, "reason": "MinimumReplicasAvailable",
                                          "message": "Deployment has minimum availability."},
                                         {"type": "Progressing", "status": "True", "lastUpdateTime": CREATED,
                                          "lastTransitionTime": CREATED, "reason": "NewReplicaSetAvailable",
                                          "message": 'ReplicaSet "%s-6d8f7c9b5d" has successfully progressed.' % name}]}
    return k8s("apps/v1", "Deployment", name, ns, labels, annotations, body, **kw)


def statefulset(name, ns, labels, replicas, template, service, vcts=None, annotations=None, existing=True, **kw):
    sel = {k: v for k, v in labels.items() if k in ("app", "app.kubernetes.io/name", "component", "app.kubernetes.io/component")}
    spec = {"replicas": replicas, "selector": {"matchLabels": sel}, "serviceName": service,
            "template": template, "podManagementPolicy": "OrderedReady",
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "revisionHistoryLimit": 10,
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}}
    if vcts:
        spec["volumeClaimTemplates"] = vcts
    body = {"spec": spec}
    if existing:
        body["status"] = {"observedGeneration": 1, "replicas": replicas, "readyReplicas": replicas,
                          "currentReplicas": replicas, "updatedReplicas": replicas, "availableReplicas": replicas,
                          "currentRevision": name + "-7c9d5f8b6", "updateRevision": name + "-7c9d5f8b6",
                          "collisionCount": 0}
    return k8s("apps/v1", "StatefulSet", name, ns, labels, annotations, body, **kw)


def vct(name, size, sc="standard-rwo", mode="ReadWriteOnce"):
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
            "spec": {"accessModes": [mode], "storageClassName": sc, "volumeMode": "Filesystem",
                     "resources": {"requests": {"storage": size}}}}


def service(name, ns, labels, selector, ports, type_="ClusterIP", annotations=None, headless=False, extra=None, **kw):
    spec = {"type": type_, "selector": selector,
            "ports": [{"name": n, "port": p, "targetPort": t, "protocol": "TCP"} for n, p, t in ports],
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    if headless:
        spec["clusterIP"] = "None"
        spec["clusterIPs"] = ["None"]
    else:
        ip = "10.96.%d.%d" % (len(name) * 7 % 250, len(ns) * 13 % 250)
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
    if type_ in ("LoadBalancer", "NodePort"):
        spec["externalTrafficPolicy"] = "Cluster"
        for i, p in enumerate(spec["ports"]):
            p["nodePort"] = 30000 + (len(name) * 97 + i * 11) % 2700
    if type_ == "LoadBalancer":
        spec["allocateLoadBalancerNodePorts"] = True
    if extra:
        spec.update(extra)
    return k8s("v1", "Service", name, ns, labels, annotations, {"spec": spec, "status": {"loadBalancer": {}}},
               generation=False, **kw)


def configmap(name, ns, labels, data, annotations=None, **kw):
    return k8s("v1", "ConfigMap", name, ns, labels, annotations, {"data": data}, generation=False, **kw)


def secret(name, ns, labels, data, type_="Opaque", annotations=None, **kw):
    return k8s("v1", "Secret", name, ns, labels, annotations, {"type": type_, "data": data}, generation=False, **kw)


def serviceaccount(name, ns, labels, secrets=None, pull=None, automount=None, annotations=None, **kw):
    body = {}
    if secrets:
        body["secrets"] = [{"name": s} for s in secrets]
    if pull:
        body["imagePullSecrets"] = [{"name": s} for s in pull]
    if automount is not None:
        body["automountServiceAccountToken"] = automount
    return k8s("v1", "ServiceAccount", name, ns, labels, annotations, body, generation=False, **kw)


def role(name, ns, labels, rules, cluster=False, annotations=None, **kw):
    return k8s("rbac.authorization.k8s.io/v1", "ClusterRole" if cluster else "Role", name, ns, labels,
               annotations, {"rules": rules}, generation=False, **kw)


def rolebinding(name, ns, labels, role_kind, role_name, subjects, cluster=False, annotations=None, **kw):
    return k8s("rbac.authorization.k8s.io/v1", "ClusterRoleBinding" if cluster else "RoleBinding", name, ns,
               labels, annotations, {"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind,
                                                 "name": role_name},
                                     "subjects": subjects}, generation=False, **kw)


def netpol(name, ns, labels, pod_selector, ingress=None, egress=None, annotations=None, **kw):
    types = []
    spec = {"podSelector": {"matchLabels": pod_selector} if pod_selector else {}}
    if ingress is not None:
        spec["ingress"] = ingress
        types.append("Ingress")
    if egress is not None:
        spec["egress"] = egress
        types.append("Egress")
    spec["policyTypes"] = types
    return k8s("networking.k8s.io/v1", "NetworkPolicy", name, ns, labels, annotations, {"spec": spec}, **kw)


def pdb(name, ns, labels, selector, min_available=None, max_unavailable=None, **kw):
    spec = {"selector": {"matchLabels": selector}}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    return k8s("policy/v1", "PodDisruptionBudget", name, ns, labels, None, {"spec": spec}, **kw)


def pvc(name, ns, labels, size, sc="standard-rwo", mode="ReadWriteOnce", bound=True, annotations=None, **kw):
    body = {"spec": {"accessModes": [mode], "resources": {"requests": {"storage": size}},
                     "storageClassName": sc, "volumeMode": "Filesystem"}}
    ann = dict(annotations or {})
    if bound:
        body["spec"]["volumeName"] = "pvc-" + uid(ns, "pv", name)
        body["status"] = {"phase": "Bound", "accessModes": [mode], "capacity": {"storage": size}}
        ann.setdefault("pv.kubernetes.io/bind-completed", "yes")
        ann.setdefault("volume.kubernetes.io/storage-provisioner", "pd.csi.storage.gke.io")
    else:
        body["status"] = {"phase": "Pending"}
    return k8s("v1", "PersistentVolumeClaim", name, ns, labels, ann, body, generation=False, **kw)


def cronjob(name, ns, labels, schedule, template, tz=None, concurrency="Allow", suspend=False, annotations=None,
            existing=False, **kw):
    spec = {"schedule": schedule}
    if tz:
        spec["timeZone"] = tz
    spec.update({"concurrencyPolicy": concurrency, "suspend": suspend,
                 "jobTemplate": {"metadata": {"creationTimestamp": None},
                                 "spec": {"backoffLimit": 2, "template": template}},
                 "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1})
    body = {"spec": spec}
    if existing:
        body["status"] = {"lastScheduleTime": "2025-03-14T02:30:00Z", "lastSuccessfulTime": "2025-03-14T02:31:07Z"}
    return k8s("batch/v1", "CronJob", name, ns, labels, annotations, body, **kw)


def job(name, ns, labels, template, annotations=None, backoff=3, ttl=86400, **kw):
    t = copy.deepcopy(template)
    juid = uid(ns, "Job", name)
    t["metadata"]["labels"] = dict(t["metadata"]["labels"], **{"batch.kubernetes.io/controller-uid": juid,
                                                                "batch.kubernetes.io/job-name": name,
                                                                "controller-uid": juid, "job-name": name})
    spec = {"parallelism": 1, "completions": 1, "backoffLimit": backoff, "ttlSecondsAfterFinished": ttl,
            "completionMode": "NonIndexed", "suspend": False, "manualSelector": False,
            "podReplacementPolicy": "TerminatingOrFailed",
            "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": juid}}, "template": t}
    return k8s("batch/v1", "Job", name, ns, labels, annotations, {"spec": spec}, **kw)


def scale(kind, name, ns, replicas, current, selector):
    return {"apiVersion": "autoscaling/v1", "kind": "Scale",
            "metadata": {"name": name, "namespace": ns, "uid": uid(ns, kind, name), "resourceVersion": "48213",
                         "creationTimestamp": CREATED},
            "spec": {"replicas": replicas},
            "status": {"replicas": current, "selector": selector}}


def custom(api_version, kind, name, ns, labels, spec, annotations=None, status=None, **kw):
    body = {"spec": spec}
    if status:
        body["status"] = status
    return k8s(api_version, kind, name, ns, labels, annotations, body, **kw)


def pad(n, seed="ops"):
    """Deterministic filler text (release notes style) for long padded injections."""
    words = ("rollout canary latency budget replica node pool shard index cache warmup drain cordon "
             "quota window change ticket owner rotation review checklist runbook dashboard").split()
    out = []
    i = len(seed)
    while len(" ".join(out)) < n:
        out.append(words[i % len(words)])
        i = i * 7 + 3
    return " ".join(out)


_cases = []


def case(mission, category, op, obj=None, old=None, why="", subresource="", resource=None):
    _cases.append({"mission": mission, "category": category, "operation": op, "object": obj,
                   "oldObject": old, "why": why, "subresource": subresource, "resource": resource})


def take_cases():
    global _cases
    out, _cases = _cases, []
    return out
