"""Builders for realistic Kubernetes objects, shaped the way the API server
hands them to a validating admission webhook: defaulted specs, server-set
metadata (uid, resourceVersion, generation, creationTimestamp), managedFields,
kubectl's last-applied-configuration, and status.

Everything is derived deterministically from names and fixed seeds, so the
generator produces byte-identical output on every run. Python 3 stdlib only.
"""
import copy
import datetime
import hashlib
import json
import uuid

UTC = datetime.timezone.utc
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

API = {
    "Deployment": ("apps", "v1", "deployments"),
    "StatefulSet": ("apps", "v1", "statefulsets"),
    "CronJob": ("batch", "v1", "cronjobs"),
    "Job": ("batch", "v1", "jobs"),
    "Service": ("", "v1", "services"),
    "ConfigMap": ("", "v1", "configmaps"),
    "Secret": ("", "v1", "secrets"),
    "ServiceAccount": ("", "v1", "serviceaccounts"),
    "PersistentVolumeClaim": ("", "v1", "persistentvolumeclaims"),
    "Ingress": ("networking.k8s.io", "v1", "ingresses"),
    "NetworkPolicy": ("networking.k8s.io", "v1", "networkpolicies"),
    "HorizontalPodAutoscaler": ("autoscaling", "v2", "horizontalpodautoscalers"),
    "PodDisruptionBudget": ("policy", "v1", "poddisruptionbudgets"),
    "Role": ("rbac.authorization.k8s.io", "v1", "roles"),
    "RoleBinding": ("rbac.authorization.k8s.io", "v1", "rolebindings"),
    "ServiceMonitor": ("monitoring.coreos.com", "v1", "servicemonitors"),
    "PrometheusRule": ("monitoring.coreos.com", "v1", "prometheusrules"),
    "Certificate": ("cert-manager.io", "v1", "certificates"),
}

GENERATION_KINDS = {"Deployment", "StatefulSet", "CronJob", "Job", "PodDisruptionBudget",
                    "Ingress", "NetworkPolicy", "ServiceMonitor", "PrometheusRule",
                    "Certificate"}
STATUS_KINDS = {"Deployment", "StatefulSet", "CronJob", "Job", "Service", "PersistentVolumeClaim",
                "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Certificate"}
BODY_KEYS = ("spec", "data", "stringData", "type", "rules", "subjects", "roleRef",
             "secrets", "imagePullSecrets", "automountServiceAccountToken", "binaryData", "immutable")


def api_version(kind):
    g, v, _ = API[kind]
    return v if g == "" else g + "/" + v


def _h(*parts):
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest(), 16)


def iso(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def created_at(key):
    base = datetime.datetime(2023, 3, 1, tzinfo=UTC)
    return base + datetime.timedelta(seconds=_h("created", key) % (330 * 86400))


def uid_of(key):
    return str(uuid.UUID(int=_h("uid", key) % (1 << 128), version=4))


def rv_of(key):
    return str(18_000_000 + _h("rv", key) % 70_000_000)


def b64(s):
    import base64
    return base64.b64encode(s.encode()).decode()


def pod_hash(key):
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    n = _h("podhash", key)
    out = ""
    for _ in range(10):
        out += alphabet[n % len(alphabet)]
        n //= len(alphabet)
    return out


# ---------------------------------------------------------------- manifest helpers

def env(name, value):
    return {"name": name, "value": value}


def env_secret(name, secret, key):
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def env_cm(name, cm, key):
    return {"name": name, "valueFrom": {"configMapKeyRef": {"name": cm, "key": key}}}


def env_field(name, path):
    return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": path}}}


def res(req_cpu=None, req_mem=None, lim_cpu=None, lim_mem=None, gpu=None):
    r = {}
    lim = {}
    if lim_cpu:
        lim["cpu"] = lim_cpu
    if lim_mem:
        lim["memory"] = lim_mem
    if gpu:
        lim["nvidia.com/gpu"] = gpu
    if lim:
        r["limits"] = lim
    req = {}
    if req_cpu:
        req["cpu"] = req_cpu
    if req_mem:
        req["memory"] = req_mem
    if gpu:
        req["nvidia.com/gpu"] = gpu
    if req:
        r["requests"] = req
    return r


def http_probe(path, port, initial=None, period=None, timeout=None, failure=None):
    p = {"httpGet": {"path": path, "port": port}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if timeout is not None:
        p["timeoutSeconds"] = timeout
    if period is not None:
        p["periodSeconds"] = period
    if failure is not None:
        p["failureThreshold"] = failure
    return p


def tcp_probe(port, initial=None, period=None):
    p = {"tcpSocket": {"port": port}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if period is not None:
        p["periodSeconds"] = period
    return p


def exec_probe(cmd, initial=None, period=None, timeout=None):
    p = {"exec": {"command": cmd}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if timeout is not None:
        p["timeoutSeconds"] = timeout
    if period is not None:
        p["periodSeconds"] = period
    return p


RESTRICTED_SC = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                 "readOnlyRootFilesystem": True, "runAsNonRoot": True}


def container(name, image, *, command=None, args=None, ports=None, env_from=None, envs=None,
              resources=None, mounts=None, liveness=None, readiness=None, startup=None,
              lifecycle=None, sc=None, working_dir=None):
    c = {"name": name, "image": image}
    if command is not None:
        c["command"] = command
    if args is not None:
        c["args"] = args
    if working_dir:
        c["workingDir"] = working_dir
    if ports:
        c["ports"] = [{"name": n, "containerPort": p} if n else {"containerPort": p} for n, p in ports]
    if env_from:
        c["envFrom"] = env_from
    if envs:
        c["env"] = envs
    if resources is not None:
        c["resources"] = resources
    if mounts:
        c["volumeMounts"] = [dict(m) for m in mounts]
    if liveness:
        c["livenessProbe"] = liveness
    if readiness:
        c["readinessProbe"] = readiness
    if startup:
        c["startupProbe"] = startup
    if lifecycle:
        c["lifecycle"] = lifecycle
    if sc is not None:
        c["securityContext"] = sc
    return c


def mount(name, path, read_only=None, sub_path=None):
    m = {"name": name, "mountPath": path}
    if read_only is not None:
        m["readOnly"] = read_only
    if sub_path:
        m["subPath"] = sub_path
    return m


def vol_cm(name, cm, items=None):
    v = {"name": name, "configMap": {"name": cm}}
    if items:
        v["configMap"]["items"] = items
    return v


def vol_secret(name, secret):
    return {"name": name, "secret": {"secretName": secret}}


def vol_empty(name, size=None, medium=None):
    e = {}
    if medium:
        e["medium"] = medium
    if size:
        e["sizeLimit"] = size
    return {"name": name, "emptyDir": e}


def vol_pvc(name, claim, read_only=None):
    v = {"name": name, "persistentVolumeClaim": {"claimName": claim}}
    if read_only is not None:
        v["persistentVolumeClaim"]["readOnly"] = read_only
    return v


def pod(labels, containers, annotations=None, **spec):
    """A pod template; spec keys use their Kubernetes names."""
    md = {"labels": dict(labels)}
    if annotations:
        md["annotations"] = dict(annotations)
    s = {}
    if "volumes" in spec:
        s["volumes"] = spec.pop("volumes")
    if "initContainers" in spec:
        s["initContainers"] = spec.pop("initContainers")
    s["containers"] = containers
    s.update(spec)
    return {"metadata": md, "spec": s}


def meta(name, ns, labels=None, annotations=None):
    m = {"name": name, "namespace": ns}
    if labels:
        m["labels"] = dict(labels)
    if annotations:
        m["annotations"] = dict(annotations)
    return m


def deployment(name, ns, labels, replicas, template, selector=None, annotations=None, strategy=None,
               revision_history=None, min_ready=None):
    spec = {"replicas": replicas,
            "selector": {"matchLabels": dict(selector or {"app.kubernetes.io/name": name})}}
    if revision_history is not None:
        spec["revisionHistoryLimit"] = revision_history
    if min_ready is not None:
        spec["minReadySeconds"] = min_ready
    if strategy is not None:
        spec["strategy"] = strategy
    spec["template"] = template
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(name, ns, labels, annotations),
            "spec": spec}


def statefulset(name, ns, labels, replicas, template, service_name, selector=None, vcts=None, annotations=None):
    spec = {"replicas": replicas, "serviceName": service_name,
            "selector": {"matchLabels": dict(selector or {"app.kubernetes.io/name": name})},
            "template": template}
    if vcts:
        spec["volumeClaimTemplates"] = vcts
    return {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta(name, ns, labels, annotations),
            "spec": spec}


def cronjob(name, ns, labels, schedule, template, annotations=None, time_zone=None, concurrency=None,
            starting_deadline=None, success_limit=None, failed_limit=None, suspend=None, backoff=None,
            active_deadline=None, ttl=None, job_labels=None):
    spec = {"schedule": schedule}
    if time_zone:
        spec["timeZone"] = time_zone
    if starting_deadline is not None:
        spec["startingDeadlineSeconds"] = starting_deadline
    if concurrency:
        spec["concurrencyPolicy"] = concurrency
    if suspend is not None:
        spec["suspend"] = suspend
    jspec = {}
    if active_deadline is not None:
        jspec["activeDeadlineSeconds"] = active_deadline
    if backoff is not None:
        jspec["backoffLimit"] = backoff
    if ttl is not None:
        jspec["ttlSecondsAfterFinished"] = ttl
    jspec["template"] = template
    jt = {"spec": jspec}
    if job_labels:
        jt = {"metadata": {"labels": dict(job_labels)}, "spec": jspec}
    spec["jobTemplate"] = jt
    if success_limit is not None:
        spec["successfulJobsHistoryLimit"] = success_limit
    if failed_limit is not None:
        spec["failedJobsHistoryLimit"] = failed_limit
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta(name, ns, labels, annotations),
            "spec": spec}


def job(name, ns, labels, template, annotations=None, parallelism=None, completions=None, completion_mode=None,
        backoff=None, ttl=None, active_deadline=None, backoff_per_index=None):
    spec = {}
    if parallelism is not None:
        spec["parallelism"] = parallelism
    if completions is not None:
        spec["completions"] = completions
    if active_deadline is not None:
        spec["activeDeadlineSeconds"] = active_deadline
    if backoff is not None:
        spec["backoffLimit"] = backoff
    if backoff_per_index is not None:
        spec["backoffLimitPerIndex"] = backoff_per_index
    if ttl is not None:
        spec["ttlSecondsAfterFinished"] = ttl
    if completion_mode:
        spec["completionMode"] = completion_mode
    spec["template"] = template
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta(name, ns, labels, annotations), "spec": spec}


def service(name, ns, labels, ports, selector=None, type_=None, annotations=None, extra=None):
    spec = {"ports": [dict(p) for p in ports], "selector": dict(selector or {"app.kubernetes.io/name": name})}
    if type_:
        spec["type"] = type_
    if extra:
        spec.update(extra)
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns, labels, annotations), "spec": spec}


def sport(name, port, target=None):
    p = {"name": name, "port": port}
    if target is not None:
        p["targetPort"] = target
    return p


def configmap(name, ns, labels, data, annotations=None):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, ns, labels, annotations),
            "data": dict(data)}


def secret(name, ns, labels, data, type_="Opaque", annotations=None):
    return {"apiVersion": "v1", "kind": "Secret", "metadata": meta(name, ns, labels, annotations),
            "data": {k: b64(v) for k, v in data.items()}, "type": type_}


def serviceaccount(name, ns, labels, automount=None, annotations=None, pull_secrets=None):
    o = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, ns, labels, annotations)}
    if pull_secrets:
        o["imagePullSecrets"] = [{"name": s} for s in pull_secrets]
    if automount is not None:
        o["automountServiceAccountToken"] = automount
    return o


def pvc(name, ns, labels, size, storage_class="standard-rwo", modes=("ReadWriteOnce",), annotations=None):
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta(name, ns, labels, annotations),
            "spec": {"accessModes": list(modes), "resources": {"requests": {"storage": size}},
                     "storageClassName": storage_class}}


def hpa(name, ns, labels, target, min_r, max_r, cpu=70, memory=None, behavior=None, annotations=None):
    metrics = [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                            "averageUtilization": cpu}}}]
    if memory:
        metrics.append({"type": "Resource", "resource": {"name": "memory", "target": {
            "type": "Utilization", "averageUtilization": memory}}})
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
            "minReplicas": min_r, "maxReplicas": max_r, "metrics": metrics}
    if behavior:
        spec["behavior"] = behavior
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": meta(name, ns, labels, annotations), "spec": spec}


def pdb(name, ns, labels, selector, min_available=None, max_unavailable=None, annotations=None,
        unhealthy_policy=None):
    spec = {}
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    if min_available is not None:
        spec["minAvailable"] = min_available
    spec["selector"] = {"matchLabels": dict(selector)}
    if unhealthy_policy:
        spec["unhealthyPodEvictionPolicy"] = unhealthy_policy
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": meta(name, ns, labels, annotations), "spec": spec}


def netpol(name, ns, labels, pod_selector, ingress=None, egress=None, policy_types=None, annotations=None):
    spec = {"podSelector": pod_selector}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    if policy_types is not None:
        spec["policyTypes"] = policy_types
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": meta(name, ns, labels, annotations), "spec": spec}


def ingress(name, ns, labels, class_name, rules, tls=None, annotations=None):
    spec = {"ingressClassName": class_name}
    if tls is not None:
        spec["tls"] = tls
    spec["rules"] = rules
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": meta(name, ns, labels, annotations), "spec": spec}


def ingress_rule(host, service_name, port, path="/", path_type="Prefix"):
    return {"host": host, "http": {"paths": [{"path": path, "pathType": path_type, "backend": {
        "service": {"name": service_name, "port": {"number": port} if isinstance(port, int) else {"name": port}}}}]}}


def role(name, ns, labels, rules, annotations=None):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": meta(name, ns, labels, annotations), "rules": rules}


def rule(groups, resources, verbs, names=None):
    r = {"apiGroups": list(groups), "resources": list(resources)}
    if names:
        r["resourceNames"] = list(names)
    r["verbs"] = list(verbs)
    return r


def rolebinding(name, ns, labels, subjects, role_name, role_kind="Role", annotations=None):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": meta(name, ns, labels, annotations), "subjects": subjects,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name}}


def sa_subject(name, ns):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def custom(kind, name, ns, labels, spec, annotations=None):
    return {"apiVersion": api_version(kind), "kind": kind, "metadata": meta(name, ns, labels, annotations),
            "spec": spec}


# ---------------------------------------------------------------- defaulting

CONTAINER_ORDER = ["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                   "volumeMounts", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
                   "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext"]
POD_ORDER = ["volumes", "initContainers", "containers", "restartPolicy", "terminationGracePeriodSeconds",
             "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount",
             "automountServiceAccountToken", "hostNetwork", "hostPID", "hostIPC", "securityContext",
             "imagePullSecrets", "affinity", "schedulerName", "tolerations", "priorityClassName",
             "topologySpreadConstraints", "enableServiceLinks"]


def _order(d, keys):
    out = {k: d[k] for k in keys if k in d}
    for k, v in d.items():
        if k not in out:
            out[k] = v
    return out


def _default_probe(p):
    p = dict(p)
    if "httpGet" in p:
        p["httpGet"] = dict(p["httpGet"])
        p["httpGet"].setdefault("scheme", "HTTP")
    for k, v in (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)):
        p.setdefault(k, v)
    return p


def _default_container(c):
    c = copy.deepcopy(c)
    last = c["image"].rsplit("/", 1)[-1]
    if "imagePullPolicy" not in c:
        pinned = ":" in last and not last.endswith(":latest")
        c["imagePullPolicy"] = "IfNotPresent" if (pinned or "@" in last) else "Always"
    for p in c.get("ports", []):
        p.setdefault("protocol", "TCP")
    for k in ("livenessProbe", "readinessProbe", "startupProbe"):
        if k in c:
            c[k] = _default_probe(c[k])
    c.setdefault("resources", {})
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    for e in c.get("env", []):
        vf = e.get("valueFrom", {})
        if "fieldRef" in vf:
            vf["fieldRef"] = {"apiVersion": "v1", **vf["fieldRef"]}
    return _order(c, CONTAINER_ORDER)


def _default_pod(ps, restart="Always"):
    ps = copy.deepcopy(ps)
    ps.setdefault("restartPolicy", restart)
    ps.setdefault("terminationGracePeriodSeconds", 30)
    ps.setdefault("dnsPolicy", "ClusterFirst")
    ps.setdefault("securityContext", {})
    ps.setdefault("schedulerName", "default-scheduler")
    if "serviceAccountName" in ps:
        ps["serviceAccount"] = ps["serviceAccountName"]
    ps["containers"] = [_default_container(c) for c in ps["containers"]]
    if "initContainers" in ps:
        ps["initContainers"] = [_default_container(c) for c in ps["initContainers"]]
    for v in ps.get("volumes", []):
        for k in ("configMap", "secret"):
            if k in v:
                v[k].setdefault("defaultMode", 420)
        if "projected" in v:
            v["projected"].setdefault("defaultMode", 420)
        if "hostPath" in v:
            v["hostPath"].setdefault("type", "")
    return _order(ps, POD_ORDER)


def _default_template(t, restart="Always"):
    t = copy.deepcopy(t)
    md = {"creationTimestamp": None}
    md.update(t.get("metadata", {}))
    t["metadata"] = md
    t["spec"] = _default_pod(t["spec"], restart)
    return t


def _cluster_ip(key):
    n = _h("ip", key)
    return "10.96.%d.%d" % (n % 250 + 2, (n >> 8) % 250 + 2)


def defaulted(m, key):
    """Return the object body (no metadata) as the API server stores it."""
    kind = m["kind"]
    o = copy.deepcopy(m)
    s = o.get("spec")
    if kind == "Deployment":
        s.setdefault("revisionHistoryLimit", 10)
        s.setdefault("progressDeadlineSeconds", 600)
        st = s.setdefault("strategy", {"type": "RollingUpdate"})
        if st.get("type", "RollingUpdate") == "RollingUpdate":
            st.setdefault("type", "RollingUpdate")
            ru = st.setdefault("rollingUpdate", {})
            ru.setdefault("maxUnavailable", "25%")
            ru.setdefault("maxSurge", "25%")
            st["rollingUpdate"] = _order(ru, ["maxUnavailable", "maxSurge"])
            s["strategy"] = _order(st, ["type", "rollingUpdate"])
        s["template"] = _default_template(s["template"])
        o["spec"] = _order(s, ["replicas", "selector", "template", "strategy", "minReadySeconds",
                               "revisionHistoryLimit", "progressDeadlineSeconds"])
    elif kind == "StatefulSet":
        s["template"] = _default_template(s["template"])
        s.setdefault("podManagementPolicy", "OrderedReady")
        s.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        s.setdefault("revisionHistoryLimit", 10)
        s.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
        for v in s.get("volumeClaimTemplates", []):
            v.setdefault("apiVersion", "v1")
            v.setdefault("kind", "PersistentVolumeClaim")
            v["metadata"] = {"creationTimestamp": None, **v.get("metadata", {})}
            v["spec"].setdefault("volumeMode", "Filesystem")
            v["status"] = {"phase": "Pending"}
        o["spec"] = _order(s, ["replicas", "selector", "template", "volumeClaimTemplates", "serviceName",
                               "podManagementPolicy", "updateStrategy", "revisionHistoryLimit",
                               "persistentVolumeClaimRetentionPolicy"])
    elif kind == "CronJob":
        s.setdefault("concurrencyPolicy", "Allow")
        s.setdefault("suspend", False)
        s.setdefault("successfulJobsHistoryLimit", 3)
        s.setdefault("failedJobsHistoryLimit", 1)
        jt = s["jobTemplate"]
        jt["metadata"] = {"creationTimestamp": None, **jt.get("metadata", {})}
        js = jt["spec"]
        js.setdefault("backoffLimit", 6)
        js["template"] = _default_template(js["template"], js["template"]["spec"].get("restartPolicy", "OnFailure"))
        jt["metadata"] = jt.pop("metadata")
        s["jobTemplate"] = {"metadata": jt["metadata"], "spec": js}
        o["spec"] = _order(s, ["schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy", "suspend",
                               "jobTemplate", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
    elif kind == "Job":
        s.setdefault("parallelism", 1)
        s.setdefault("completions", 1)
        s.setdefault("backoffLimit", 6)
        s.setdefault("completionMode", "NonIndexed")
        s.setdefault("suspend", False)
        s.setdefault("podReplacementPolicy", "TerminatingOrFailed")
        cuid = uid_of(key)
        s["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": cuid}}
        t = s["template"]
        labels = dict(t["metadata"].get("labels", {}))
        labels.update({"batch.kubernetes.io/controller-uid": cuid, "batch.kubernetes.io/job-name": m["metadata"]["name"],
                       "controller-uid": cuid, "job-name": m["metadata"]["name"]})
        t["metadata"]["labels"] = labels
        s["template"] = _default_template(t, t["spec"].get("restartPolicy", "Never"))
        o["spec"] = _order(s, ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                               "backoffLimitPerIndex", "selector", "manualSelector", "template",
                               "ttlSecondsAfterFinished", "completionMode", "suspend", "podReplacementPolicy"])
    elif kind == "Service":
        typ = s.get("type", "ClusterIP")
        for p in s["ports"]:
            p.setdefault("protocol", "TCP")
            p.setdefault("targetPort", p["port"])
            if typ in ("NodePort", "LoadBalancer"):
                p.setdefault("nodePort", 30000 + _h("np", key, p["port"]) % 2700)
            p2 = _order(p, ["name", "protocol", "port", "targetPort", "nodePort"])
            p.clear()
            p.update(p2)
        ip = _cluster_ip(key)
        s.setdefault("clusterIP", ip)
        s["clusterIPs"] = [s["clusterIP"]]
        s["type"] = typ
        s.setdefault("sessionAffinity", "None")
        if typ in ("NodePort", "LoadBalancer"):
            s.setdefault("externalTrafficPolicy", "Cluster")
        if typ == "LoadBalancer":
            s.setdefault("allocateLoadBalancerNodePorts", True)
        s.setdefault("ipFamilies", ["IPv4"])
        s.setdefault("ipFamilyPolicy", "SingleStack")
        s.setdefault("internalTrafficPolicy", "Cluster")
        o["spec"] = _order(s, ["ports", "selector", "clusterIP", "clusterIPs", "type", "sessionAffinity",
                               "externalTrafficPolicy", "ipFamilies", "ipFamilyPolicy",
                               "allocateLoadBalancerNodePorts", "internalTrafficPolicy"])
    elif kind == "HorizontalPodAutoscaler":
        b = s.setdefault("behavior", {})
        up = b.setdefault("scaleUp", {})
        up.setdefault("stabilizationWindowSeconds", 0)
        up.setdefault("selectPolicy", "Max")
        up.setdefault("policies", [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                   {"type": "Percent", "value": 100, "periodSeconds": 15}])
        b["scaleUp"] = _order(up, ["stabilizationWindowSeconds", "selectPolicy", "policies"])
        down = b.setdefault("scaleDown", {})
        down.setdefault("selectPolicy", "Max")
        down.setdefault("policies", [{"type": "Percent", "value": 100, "periodSeconds": 15}])
        b["scaleDown"] = _order(down, ["stabilizationWindowSeconds", "selectPolicy", "policies"])
        s["behavior"] = {"scaleUp": b["scaleUp"], "scaleDown": b["scaleDown"]}
    elif kind == "NetworkPolicy":
        for direction in ("ingress", "egress"):
            for r in s.get(direction, []):
                for p in r.get("ports", []):
                    if "protocol" not in p:
                        p2 = {"protocol": "TCP", **p}
                        p.clear()
                        p.update(p2)
        if "policyTypes" not in s:
            s["policyTypes"] = ["Ingress"] + (["Egress"] if "egress" in s else [])
    elif kind == "PersistentVolumeClaim":
        s.setdefault("volumeMode", "Filesystem")
    elif kind == "Secret":
        o.setdefault("type", "Opaque")
    return o


# ---------------------------------------------------------------- maps are sorted, as Go marshals them

MAP_KEYS = {"labels", "annotations", "matchLabels", "data", "stringData", "binaryData", "nodeSelector",
            "limits", "requests", "capacity"}


def _sort_maps(x, parent=None):
    if isinstance(x, dict):
        if parent in MAP_KEYS or (parent == "selector" and x and all(isinstance(v, str) for v in x.values())):
            x = {k: x[k] for k in sorted(x)}
        return {k: _sort_maps(v, k) for k, v in x.items()}
    if isinstance(x, list):
        return [_sort_maps(i, parent) for i in x]
    return x


# ---------------------------------------------------------------- managedFields

STRUCTS = {"metadata", "spec", "template", "strategy", "jobTemplate", "http", "backend", "service",
           "scaleTargetRef", "securityContext", "roleRef", "status"}
ATOMIC = {"command", "args", "policies", "accessModes", "dnsNames", "matchNames", "clusterIPs", "ipFamilies",
          "policyTypes", "drop", "add", "verbs", "resources_list", "apiGroups", "resourceNames", "nonResourceURLs",
          "rules_atomic"}


def _list_key(field, item):
    if not isinstance(item, dict):
        return None
    if field == "ports" and "containerPort" in item:
        return lambda i: {"containerPort": i["containerPort"], "protocol": i.get("protocol", "TCP")}
    if field == "ports" and "port" in item and "name" in item:
        return lambda i: {"port": i["port"], "protocol": i.get("protocol", "TCP")}
    if field == "volumeMounts":
        return lambda i: {"mountPath": i["mountPath"]}
    if field in ("containers", "initContainers", "env", "volumes") and "name" in item:
        return lambda i: {"name": i["name"]}
    return None


def fields_v1(d, depth=0):
    out = {}
    for k, v in d.items():
        key = "f:" + k
        if isinstance(v, dict):
            if k == "selector" and "matchLabels" in v:
                out[key] = {}
                continue
            sub = fields_v1(v, depth + 1)
            if k not in STRUCTS and depth > 0:
                sub = {".": {}, **sub}
            out[key] = sub
        elif isinstance(v, list) and v and k not in ATOMIC:
            kf = _list_key(k, v[0])
            if kf is None:
                out[key] = {}
                continue
            sub = {".": {}}
            for item in v:
                sub["k:" + json.dumps(kf(item), separators=(",", ":"))] = {".": {}, **fields_v1(item, depth + 2)}
            out[key] = sub
        else:
            out[key] = {}
    return out


def _owned(body, labels, annotations):
    md = {}
    if annotations:
        md["annotations"] = {k: "" for k in annotations}
    if labels:
        md["labels"] = {k: "" for k in labels}
    d = {}
    if md:
        d["metadata"] = md
    for k in BODY_KEYS:
        if k in body:
            d[k] = body[k]
    return fields_v1(d)


def _diff(old, new):
    """Fields of `new` that differ from `old` (whole values for changed non-dicts)."""
    out = {}
    for k, v in new.items():
        if k not in old:
            out[k] = v
        elif isinstance(v, dict) and isinstance(old[k], dict):
            d = _diff(old[k], v)
            if d:
                out[k] = d
        elif v != old[k]:
            out[k] = v
    return out


def _sorted_fields(f):
    return {k: _sorted_fields(f[k]) for k in sorted(f)}


def _mf(manager, operation, time, fields, api, subresource=None):
    fields = _sorted_fields(fields)
    e = {"manager": manager, "operation": operation, "apiVersion": api, "time": iso(time), "fieldsType": "FieldsV1",
         "fieldsV1": fields}
    if subresource:
        e["subresource"] = subresource
    return e


# ---------------------------------------------------------------- status

def _status(kind, body, name, key, created, now, existing):
    s = body.get("spec", {})
    if not existing:
        return {"Deployment": {}, "StatefulSet": {"replicas": 0, "availableReplicas": 0},
                "CronJob": {}, "Job": {}, "Service": {"loadBalancer": {}},
                "PersistentVolumeClaim": {"phase": "Pending"}, "Ingress": {"loadBalancer": {}},
                "HorizontalPodAutoscaler": {"currentReplicas": 0, "desiredReplicas": 0},
                "PodDisruptionBudget": {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0,
                                        "expectedPods": 0},
                "Certificate": {}}.get(kind)
    t1 = now - datetime.timedelta(hours=3 + _h("t1", key) % 40)
    if kind == "Deployment":
        r = s.get("replicas", 1)
        rs = "%s-%s" % (name, pod_hash(key)[:10])
        conds = []
        if r > 0:
            conds.append({"type": "Available", "status": "True", "lastUpdateTime": iso(t1), "lastTransitionTime": iso(t1),
                          "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."})
        conds.append({"type": "Progressing", "status": "True", "lastUpdateTime": iso(t1),
                      "lastTransitionTime": iso(created), "reason": "NewReplicaSetAvailable",
                      "message": 'ReplicaSet "%s" has successfully progressed.' % rs})
        st = {"observedGeneration": 0, "replicas": r, "updatedReplicas": r}
        if r > 0:
            st.update({"readyReplicas": r, "availableReplicas": r})
        st["conditions"] = conds
        return st
    if kind == "StatefulSet":
        r = s.get("replicas", 1)
        rev = "%s-%s" % (name, pod_hash(key)[:10])
        return {"observedGeneration": 0, "replicas": r, "readyReplicas": r, "currentReplicas": r,
                "updatedReplicas": r, "currentRevision": rev, "updateRevision": rev, "collisionCount": 0,
                "availableReplicas": r}
    if kind == "CronJob":
        return {"lastScheduleTime": iso(t1.replace(minute=0, second=0)),
                "lastSuccessfulTime": iso(t1.replace(minute=0, second=0) + datetime.timedelta(minutes=7, seconds=31))}
    if kind == "Job":
        return {"conditions": [{"type": "Complete", "status": "True", "lastProbeTime": iso(t1),
                                "lastTransitionTime": iso(t1)}],
                "startTime": iso(t1 - datetime.timedelta(minutes=41)), "completionTime": iso(t1),
                "succeeded": s.get("completions", 1), "uncountedTerminatedPods": {}, "ready": 0}
    if kind == "Service":
        if s.get("type") == "LoadBalancer":
            n = _h("lb", key)
            return {"loadBalancer": {"ingress": [{"ip": "34.%d.%d.%d" % (n % 200 + 20, (n >> 8) % 250, (n >> 16) % 250),
                                                  "ipMode": "VIP"}]}}
        return {"loadBalancer": {}}
    if kind == "PersistentVolumeClaim":
        return {"phase": "Bound", "accessModes": s.get("accessModes", []),
                "capacity": {"storage": s["resources"]["requests"]["storage"]}}
    if kind == "Ingress":
        return {"loadBalancer": {"ingress": [{"ip": "10.40.%d.%d" % (_h("ing", key) % 200, _h("ing2", key) % 200)}]}}
    if kind == "HorizontalPodAutoscaler":
        cur = s.get("minReplicas", 1)
        return {"lastScaleTime": iso(t1), "currentReplicas": cur, "desiredReplicas": cur,
                "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
                    "averageValue": "%dm" % (120 + _h("cpu", key) % 300),
                    "averageUtilization": 31 + _h("u", key) % 30}}}],
                "conditions": [
                    {"type": "AbleToScale", "status": "True", "lastTransitionTime": iso(created),
                     "reason": "ReadyForNewScale", "message": "recommended size matches current size"},
                    {"type": "ScalingActive", "status": "True", "lastTransitionTime": iso(created),
                     "reason": "ValidMetricFound",
                     "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
                    {"type": "ScalingLimited", "status": "True", "lastTransitionTime": iso(t1),
                     "reason": "TooFewReplicas", "message": "the desired replica count is less than the minimum replica count"}]}
    if kind == "PodDisruptionBudget":
        exp = 2 + _h("pods", key) % 3
        return {"observedGeneration": 0, "disruptionsAllowed": 1, "currentHealthy": exp, "desiredHealthy": exp - 1,
                "expectedPods": exp,
                "conditions": [{"type": "DisruptionAllowed", "status": "True", "observedGeneration": 0,
                                "lastTransitionTime": iso(t1), "reason": "SufficientPods", "message": ""}]}
    if kind == "Certificate":
        return {"conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": iso(t1),
                                "reason": "Ready", "message": "Certificate is up to date and has not expired",
                                "observedGeneration": 0}],
                "notBefore": iso(t1), "notAfter": iso(t1 + datetime.timedelta(days=90)),
                "renewalTime": iso(t1 + datetime.timedelta(days=60)), "revision": 1}
    return None


def _set_observed(st, gen):
    if not isinstance(st, dict):
        return st
    st = copy.deepcopy(st)
    if "observedGeneration" in st:
        st["observedGeneration"] = gen
    for c in st.get("conditions", []):
        if "observedGeneration" in c:
            c["observedGeneration"] = gen
    return st


# ---------------------------------------------------------------- assembling server objects

CREATORS = {
    "apply": ("kubectl-client-side-apply", "Update"),
    "create": ("kubectl-create", "Update"),
    "ssa": ("kubectl", "Apply"),
    "helmless": ("argocd-application-controller", "Apply"),
}
UPDATERS = {
    "apply": ("kubectl-client-side-apply", "Update"),
    "patch": ("kubectl-patch", "Update"),
    "edit": ("kubectl-edit", "Update"),
    "set": ("kubectl-set", "Update"),
    "rollout": ("kubectl-rollout", "Update"),
    "label": ("kubectl-label", "Update"),
    "annotate": ("kubectl-annotate", "Update"),
    "ssa": ("kubectl", "Apply"),
    "agent": ("mission-agent", "Apply"),
}


def _last_applied(m):
    m = copy.deepcopy(m)
    ann = m["metadata"].get("annotations", {})
    ann.pop(LAST_APPLIED, None)
    if not ann:
        m["metadata"].pop("annotations", None)
    return json.dumps(m, sort_keys=True, separators=(",", ":")) + "\n"


def _key(m):
    return "%s/%s/%s" % (m["metadata"]["namespace"], m["kind"], m["metadata"]["name"])


def _assemble(kind, md, body, status):
    o = {"kind": kind, "apiVersion": api_version(kind), "metadata": md}
    for k in BODY_KEYS:
        if k in body:
            o[k] = body[k]
    if status is not None and kind in STATUS_KINDS:
        o["status"] = status
    return _sort_maps(o)


def _server_annotations(kind, body, key, revision=None):
    a = {}
    if kind == "Deployment":
        a["deployment.kubernetes.io/revision"] = str(revision or (1 + _h("rev", key) % 14))
    return a


def existing(m, now, style="apply", tag=""):
    """An object as it is stored today, created earlier by `style`."""
    kind = m["kind"]
    key = _key(m)
    created = created_at(key)
    body = defaulted(m, key)
    gen = 1 + _h("gen", key, tag) % 9
    labels = dict(m["metadata"].get("labels", {}))
    ann = dict(m["metadata"].get("annotations", {}))
    if style == "apply":
        ann[LAST_APPLIED] = _last_applied(m)
    server_ann = _server_annotations(kind, body, key)
    all_ann = {**ann, **server_ann}
    md = {"name": m["metadata"]["name"], "namespace": m["metadata"]["namespace"], "uid": uid_of(key),
          "resourceVersion": rv_of(key + tag)}
    if kind in GENERATION_KINDS:
        md["generation"] = gen
    md["creationTimestamp"] = iso(created)
    if labels:
        md["labels"] = labels
    if all_ann:
        md["annotations"] = all_ann
    mgr, op = CREATORS[style]
    fields = _owned(body if op == "Update" else m, labels, ann)
    mf = [_mf(mgr, op, created, fields, api_version(kind))]
    status = _status(kind, body, m["metadata"]["name"], key, created, now, True)
    status = _set_observed(status, gen)
    if kind in STATUS_KINDS and status:
        t = now - datetime.timedelta(minutes=20 + _h("st", key) % 300)
        sf = {"f:status": fields_v1(status, 1)}
        if server_ann:
            sf = {"f:metadata": {"f:annotations": {".": {}, **{"f:" + k: {} for k in server_ann}}}, **sf}
        ctl = {"Deployment": "kube-controller-manager", "StatefulSet": "kube-controller-manager",
               "CronJob": "kube-controller-manager", "Job": "kube-controller-manager",
               "HorizontalPodAutoscaler": "kube-controller-manager", "PodDisruptionBudget": "kube-controller-manager",
               "PersistentVolumeClaim": "kube-controller-manager", "Service": "cloud-controller-manager",
               "Ingress": "nginx-ingress-controller", "Certificate": "cert-manager-certificates-readiness"}[kind]
        if kind != "Service" or status.get("loadBalancer"):
            if kind == "Deployment" and server_ann:
                mf.append(_mf(ctl, "Update", t, {"f:metadata": sf.pop("f:metadata")}, api_version(kind)))
            mf.append(_mf(ctl, "Update", t, {"f:status": sf["f:status"]}, api_version(kind), "status"))
    md["managedFields"] = mf
    return _assemble(kind, md, body, status), {"manifest": m, "body": body, "gen": gen, "ann": ann,
                                               "server_ann": server_ann, "status": status}


def created(m, now, style="apply"):
    kind = m["kind"]
    key = _key(m)
    body = defaulted(m, key)
    labels = dict(m["metadata"].get("labels", {}))
    ann = dict(m["metadata"].get("annotations", {}))
    if style == "apply":
        ann[LAST_APPLIED] = _last_applied(m)
    md = {"name": m["metadata"]["name"], "namespace": m["metadata"]["namespace"], "uid": uid_of(key + "@new")}
    if kind in GENERATION_KINDS:
        md["generation"] = 1
    md["creationTimestamp"] = iso(now)
    if labels:
        md["labels"] = labels
    if ann:
        md["annotations"] = ann
    mgr, op = CREATORS[style]
    md["managedFields"] = [_mf(mgr, op, now, _owned(body if op == "Update" else m, labels, ann), api_version(kind))]
    if kind == "Job":
        cuid = md["uid"]
        body["spec"]["selector"]["matchLabels"]["batch.kubernetes.io/controller-uid"] = cuid
        for k in ("batch.kubernetes.io/controller-uid", "controller-uid"):
            body["spec"]["template"]["metadata"]["labels"][k] = cuid
        if op == "Update":
            owned = copy.deepcopy(body)
            owned["spec"].pop("selector", None)
            tl = owned["spec"]["template"]["metadata"]["labels"]
            for k in ("batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name"):
                tl.pop(k, None)
            md["managedFields"] = [_mf(mgr, op, now, _owned(owned, labels, ann), api_version(kind))]
    status = _status(kind, body, m["metadata"]["name"], key, now, now, False)
    return _assemble(kind, md, body, status)


def _pod_specs(body):
    s = body.get("spec", {})
    if "jobTemplate" in s:
        return s["jobTemplate"]["spec"]["template"]["spec"]
    if "template" in s and isinstance(s["template"], dict) and "spec" in s["template"]:
        return s["template"]["spec"]
    return None


def _keep_pull_policy(old_body, new_body, new_m):
    """A stored default is not re-derived on update: an unchanged-by-the-client imagePullPolicy stays."""
    o, n, m = _pod_specs(old_body), _pod_specs(new_body), _pod_specs(new_m)
    if not (o and n and m):
        return
    before = {c["name"]: c.get("imagePullPolicy") for c in o.get("containers", [])}
    sent = {c["name"]: c for c in m.get("containers", [])}
    for c in n.get("containers", []):
        if c["name"] in before and "imagePullPolicy" not in sent.get(c["name"], {}):
            c["imagePullPolicy"] = before[c["name"]]


def updated(old_m, new_m, now, style="apply", old_style="apply", tag=""):
    """(object, oldObject) for an UPDATE request turning old_m into new_m."""
    old_obj, info = existing(old_m, now, old_style, tag)
    kind = new_m["kind"]
    key = _key(new_m)
    body = defaulted(new_m, key)
    _keep_pull_policy(info["body"], body, new_m)
    labels = dict(new_m["metadata"].get("labels", {}))
    ann = dict(new_m["metadata"].get("annotations", {}))
    if style == "apply":
        ann[LAST_APPLIED] = _last_applied(new_m)
    elif LAST_APPLIED in info["ann"]:
        ann[LAST_APPLIED] = info["ann"][LAST_APPLIED]
    server_ann = dict(info["server_ann"])
    md = copy.deepcopy(old_obj["metadata"])
    spec_changed = body.get("spec") != info["body"].get("spec")
    if "generation" in md and spec_changed:
        md["generation"] = md["generation"] + 1
    if labels:
        md["labels"] = labels
    else:
        md.pop("labels", None)
    all_ann = {**ann, **server_ann}
    if all_ann:
        md["annotations"] = all_ann
    else:
        md.pop("annotations", None)
    # rebuild key order
    order = ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "labels",
             "annotations", "managedFields"]
    mf = md.pop("managedFields")
    md = _order(md, order)
    mgr, op = UPDATERS[style]
    if style == "apply" and old_style == "apply":
        mf[0] = _mf(mgr, op, now, _owned(body, labels, ann), api_version(kind))
    else:
        old_labels = info["manifest"]["metadata"].get("labels", {})
        d_body = _diff(info["body"], body)
        d_labels = {k: v for k, v in labels.items() if old_labels.get(k) != v}
        d_ann = {k: v for k, v in ann.items() if info["ann"].get(k) != v}
        if op == "Apply":
            fields = _owned(new_m, labels, {k: v for k, v in ann.items() if k != LAST_APPLIED})
        else:
            fields = _owned(d_body, d_labels, d_ann)
        mf = [e for e in mf if e["manager"] != mgr] + [_mf(mgr, op, now, fields, api_version(kind))]
        mf = [mf[0]] + sorted(mf[1:], key=lambda e: e["time"])
    md["managedFields"] = mf
    status = copy.deepcopy(info["status"])
    new_obj = _assemble(kind, md, body, status)
    if new_obj == old_obj:
        raise ValueError("update without change: " + key)
    return new_obj, old_obj


def scale(name, ns, kind_group_key, replicas_from, replicas_to, selector, tag=""):
    key = "%s/%s/%s" % (ns, kind_group_key, name)

    def s(r, status_r):
        return {"kind": "Scale", "apiVersion": "autoscaling/v1",
                "metadata": {"name": name, "namespace": ns, "uid": uid_of(key), "resourceVersion": rv_of(key + tag),
                             "creationTimestamp": iso(created_at(key))},
                "spec": {"replicas": r}, "status": {"replicas": status_r, "selector": selector}}
    return s(replicas_to, replicas_from), s(replicas_from, replicas_from)
