"""Helpers that turn short manifests into objects as the API server sends them
to a validating admission webhook: defaulted specs, system metadata, managed
fields, last-applied-configuration and status.  Python 3 stdlib only, and
deterministic: every uid, resourceVersion and IP is derived from a seed."""

import copy
import hashlib
import json
import uuid
from datetime import datetime, timedelta

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


# ---------------------------------------------------------------- identifiers

def _h(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def make_uid(seed):
    return str(uuid.UUID(hex=_h("uid:" + seed)[:32], version=4))


def make_rv(seed):
    return str(40_000_000 + int(_h("rv:" + seed)[:8], 16) % 50_000_000)


def cluster_ip(seed):
    n = int(_h("ip:" + seed)[:8], 16)
    return "10.96.%d.%d" % (n % 250 + 1, (n >> 8) % 250 + 2)


def pod_hash(seed, n=10):
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    v = int(_h("ph:" + seed), 16)
    out = []
    for _ in range(n):
        out.append(alphabet[v % len(alphabet)])
        v //= len(alphabet)
    return "".join(out)


def ts(base, minutes=0):
    t = datetime.strptime(base, "%Y-%m-%dT%H:%M:%SZ") + timedelta(minutes=minutes)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- manifest helpers

SC_RESTRICTED = {
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
}


def pod_sc(uid=10001, fs=True):
    sc = {"runAsNonRoot": True, "runAsUser": uid, "runAsGroup": uid,
          "seccompProfile": {"type": "RuntimeDefault"}}
    if fs:
        sc["fsGroup"] = uid
    return sc


def res(cpu_req, mem_req, cpu_lim=None, mem_lim=None, extra=None):
    r = {"requests": {"cpu": cpu_req, "memory": mem_req}}
    lim = {}
    if cpu_lim:
        lim["cpu"] = cpu_lim
    if mem_lim:
        lim["memory"] = mem_lim
    if extra:
        for k, v in extra.items():
            lim[k] = v
            r["requests"][k] = v
    if lim:
        r["limits"] = lim
    return r


def http_probe(path, port, initial=None, period=None, timeout=None, failure=None, success=None):
    p = {"httpGet": {"path": path, "port": port}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if period is not None:
        p["periodSeconds"] = period
    if timeout is not None:
        p["timeoutSeconds"] = timeout
    if failure is not None:
        p["failureThreshold"] = failure
    if success is not None:
        p["successThreshold"] = success
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
    if period is not None:
        p["periodSeconds"] = period
    if timeout is not None:
        p["timeoutSeconds"] = timeout
    return p


def env(name, value):
    return {"name": name, "value": value}


def env_secret(name, secret, key):
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def env_field(name, path):
    return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": path}}}


def env_res(name, resource, container=None):
    ref = {"resource": resource}
    if container:
        ref["containerName"] = container
    return {"name": name, "valueFrom": {"resourceFieldRef": ref}}


def ctr(name, image, **kw):
    c = {"name": name, "image": image}
    order = ["command", "args", "workingDir", "ports", "envFrom", "env", "resources",
             "volumeMounts", "livenessProbe", "readinessProbe", "startupProbe",
             "lifecycle", "imagePullPolicy", "securityContext"]
    for k in order:
        if k in kw and kw[k] is not None:
            c[k] = kw[k]
    if "securityContext" not in kw:
        c["securityContext"] = copy.deepcopy(SC_RESTRICTED)
    return c


def port(name, number, protocol="TCP"):
    return {"name": name, "containerPort": number, "protocol": protocol}


def mount(name, path, read_only=None, sub_path=None):
    m = {"name": name, "mountPath": path}
    if read_only is not None:
        m["readOnly"] = read_only
    if sub_path:
        m["subPath"] = sub_path
    return m


def vol_cm(name, cm, items=None, mode=None):
    v = {"name": name, "configMap": {"name": cm}}
    if items:
        v["configMap"]["items"] = items
    if mode is not None:
        v["configMap"]["defaultMode"] = mode
    return v


def vol_secret(name, secret, mode=None):
    v = {"name": name, "secret": {"secretName": secret}}
    if mode is not None:
        v["secret"]["defaultMode"] = mode
    return v


def vol_empty(name, medium=None, size=None):
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


def vol_host(name, path, typ=None):
    v = {"name": name, "hostPath": {"path": path}}
    if typ is not None:
        v["hostPath"]["type"] = typ
    return v


def anti_affinity(labels, weight=100):
    return {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": weight, "podAffinityTerm": {
            "labelSelector": {"matchLabels": dict(labels)},
            "topologyKey": "kubernetes.io/hostname"}}]}}


def template(labels, containers, annotations=None, **kw):
    meta = {"labels": dict(labels)}
    if annotations:
        meta["annotations"] = dict(annotations)
    spec = {}
    order = ["serviceAccountName", "automountServiceAccountToken", "priorityClassName",
             "nodeSelector", "affinity", "tolerations", "topologySpreadConstraints",
             "hostNetwork", "hostPID", "hostIPC", "dnsPolicy", "initContainers"]
    for k in order:
        if k in kw and kw[k] is not None:
            spec[k] = kw[k]
    spec["containers"] = containers
    for k in ["volumes", "securityContext", "terminationGracePeriodSeconds",
              "restartPolicy", "imagePullSecrets", "enableServiceLinks"]:
        if k in kw and kw[k] is not None:
            spec[k] = kw[k]
    return {"metadata": meta, "spec": spec}


def meta(name, ns, labels=None, annotations=None):
    m = {"name": name, "namespace": ns}
    if labels:
        m["labels"] = dict(labels)
    if annotations:
        m["annotations"] = dict(annotations)
    return m


def deployment(name, ns, labels, replicas, tmpl, selector=None, annotations=None,
               strategy=None, **extra):
    spec = {"replicas": replicas,
            "selector": {"matchLabels": dict(selector or {
                k: v for k, v in labels.items() if k in ("app.kubernetes.io/name", "app", "app.kubernetes.io/instance")})}}
    if strategy:
        spec["strategy"] = strategy
    for k, v in extra.items():
        spec[k] = v
    spec["template"] = tmpl
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": meta(name, ns, labels, annotations), "spec": spec}


# ---------------------------------------------------------------- defaulting

def _default_probe(p):
    if p is None:
        return
    if "httpGet" in p:
        p["httpGet"].setdefault("scheme", "HTTP")
    p.setdefault("timeoutSeconds", 1)
    p.setdefault("periodSeconds", 10)
    p.setdefault("successThreshold", 1)
    p.setdefault("failureThreshold", 3)


def _default_container(c):
    img = c.get("image", "")
    tag = img.rsplit("/", 1)[-1]
    if "@" in img:
        pull = "IfNotPresent"
    elif ":" not in tag or tag.endswith(":latest"):
        pull = "Always"
    else:
        pull = "IfNotPresent"
    c.setdefault("resources", {})
    for p in c.get("ports", []):
        p.setdefault("protocol", "TCP")
    for e in c.get("env", []):
        vf = e.get("valueFrom")
        if vf and "fieldRef" in vf:
            vf["fieldRef"].setdefault("apiVersion", "v1")
        if vf and "resourceFieldRef" in vf:
            vf["resourceFieldRef"].setdefault("divisor", "0")
    for k in ("livenessProbe", "readinessProbe", "startupProbe"):
        _default_probe(c.get(k))
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c.setdefault("imagePullPolicy", pull)


def default_podspec(ps, restart="Always"):
    for c in ps.get("initContainers", []):
        _default_container(c)
    for c in ps.get("containers", []):
        _default_container(c)
    ps.setdefault("restartPolicy", restart)
    ps.setdefault("terminationGracePeriodSeconds", 30)
    ps.setdefault("dnsPolicy", "ClusterFirstWithHostNet" if ps.get("hostNetwork") else "ClusterFirst")
    if "serviceAccountName" in ps:
        ps["serviceAccount"] = ps["serviceAccountName"]
    ps.setdefault("securityContext", {})
    ps.setdefault("schedulerName", "default-scheduler")
    for v in ps.get("volumes", []):
        if "configMap" in v:
            v["configMap"].setdefault("defaultMode", 420)
        if "secret" in v:
            v["secret"].setdefault("defaultMode", 420)
        if "hostPath" in v:
            v["hostPath"].setdefault("type", "")
    for t in ps.get("tolerations", []):
        pass


def apply_defaults(obj):
    o = copy.deepcopy(obj)
    kind = o["kind"]
    spec = o.get("spec")
    if kind == "Deployment":
        spec.setdefault("replicas", 1)
        spec.setdefault("strategy", {"type": "RollingUpdate",
                                     "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
        spec["template"].setdefault("metadata", {}).setdefault("creationTimestamp", None)
        default_podspec(spec["template"]["spec"])
    elif kind == "StatefulSet":
        spec.setdefault("podManagementPolicy", "OrderedReady")
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        spec.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
        spec["template"].setdefault("metadata", {}).setdefault("creationTimestamp", None)
        default_podspec(spec["template"]["spec"])
        for vct in spec.get("volumeClaimTemplates", []):
            vct["spec"].setdefault("volumeMode", "Filesystem")
            vct.setdefault("apiVersion", "v1")
            vct.setdefault("kind", "PersistentVolumeClaim")
            vct["metadata"].setdefault("creationTimestamp", None)
            vct.setdefault("status", {"phase": "Pending"})
    elif kind == "DaemonSet":
        spec.setdefault("updateStrategy", {"type": "RollingUpdate",
                                           "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
        spec.setdefault("revisionHistoryLimit", 10)
        spec["template"].setdefault("metadata", {}).setdefault("creationTimestamp", None)
        default_podspec(spec["template"]["spec"])
    elif kind == "CronJob":
        spec.setdefault("concurrencyPolicy", "Allow")
        spec.setdefault("suspend", False)
        spec.setdefault("successfulJobsHistoryLimit", 3)
        spec.setdefault("failedJobsHistoryLimit", 1)
        jt = spec["jobTemplate"]
        jt.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        js = jt["spec"]
        js["template"].setdefault("metadata", {}).setdefault("creationTimestamp", None)
        default_podspec(js["template"]["spec"], restart="OnFailure")
    elif kind == "Job":
        spec.setdefault("parallelism", 1)
        spec.setdefault("completions", 1)
        spec.setdefault("backoffLimit", 6)
        spec.setdefault("completionMode", "NonIndexed")
        spec.setdefault("suspend", False)
        spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
        spec["template"].setdefault("metadata", {}).setdefault("creationTimestamp", None)
        default_podspec(spec["template"]["spec"], restart="Never")
    elif kind == "Service":
        spec.setdefault("type", "ClusterIP")
        for p in spec.get("ports", []):
            p.setdefault("protocol", "TCP")
            p.setdefault("targetPort", p["port"])
        spec.setdefault("sessionAffinity", "None")
        spec.setdefault("ipFamilies", ["IPv4"])
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("internalTrafficPolicy", "Cluster")
        if spec["type"] in ("NodePort", "LoadBalancer"):
            spec.setdefault("externalTrafficPolicy", "Cluster")
        if spec["type"] == "LoadBalancer":
            spec.setdefault("allocateLoadBalancerNodePorts", True)
    elif kind == "PersistentVolumeClaim":
        spec.setdefault("volumeMode", "Filesystem")
    elif kind == "NetworkPolicy":
        for rule in spec.get("ingress", []) + spec.get("egress", []):
            for p in rule.get("ports", []):
                p.setdefault("protocol", "TCP")
        if "policyTypes" not in spec:
            pt = ["Ingress"]
            if "egress" in spec:
                pt.append("Egress")
            spec["policyTypes"] = pt
    elif kind == "Secret":
        o.setdefault("type", "Opaque")
    return o


# ---------------------------------------------------------------- managed fields

_NAME_LISTS = {"containers", "initContainers", "ephemeralContainers", "env", "volumes",
               "imagePullSecrets"}


def _list_key(k, item):
    if k in _NAME_LISTS and "name" in item:
        return {"name": item["name"]}
    if k == "ports" and "containerPort" in item:
        return {"containerPort": item["containerPort"], "protocol": item.get("protocol", "TCP")}
    if k == "ports" and "port" in item and "containerPort" not in item and "protocol" in item:
        return {"port": item["port"], "protocol": item.get("protocol", "TCP")}
    if k == "volumeMounts":
        return {"mountPath": item["mountPath"]}
    if k == "topologySpreadConstraints":
        return {"topologyKey": item["topologyKey"], "whenUnsatisfiable": item["whenUnsatisfiable"]}
    if k == "conditions" and "type" in item:
        return {"type": item["type"]}
    return None


_DOT_MAPS = {"labels", "annotations", "matchLabels", "resources", "requests", "limits",
             "data", "stringData", "nodeSelector", "securityContext", "strategy",
             "rollingUpdate", "selector", "httpGet", "capabilities", "configMap",
             "secret", "emptyDir", "hostPath", "persistentVolumeClaim", "fieldRef",
             "secretKeyRef", "valueFrom", "seccompProfile", "hard", "affinity"}


def fields_v1(node):
    out = {}
    for k, v in node.items():
        if k == "creationTimestamp" or k.startswith("_"):
            continue
        out["f:" + k] = _fv(k, v)
    return out


def _fv(k, v):
    if isinstance(v, dict):
        inner = fields_v1(v)
        if k in _DOT_MAPS and v:
            return dict([(".", {})] + list(inner.items()))
        return inner
    if isinstance(v, list):
        if v and all(isinstance(i, dict) for i in v):
            keys = [_list_key(k, i) for i in v]
            if all(x is not None for x in keys):
                out = {}
                for kk, item in zip(keys, v):
                    sub = fields_v1({a: b for a, b in item.items()})
                    out["k:" + json.dumps(kk, separators=(",", ":"))] = dict([(".", {})] + list(sub.items()))
                return out
        return {}
    return {}


_JOB_LABELS = ("batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name")


def _ownable(obj):
    """Drop fields the server generates itself: nobody's manager owns them."""
    o = copy.deepcopy(obj)
    spec = o.get("spec")
    if o.get("kind") == "Service" and spec:
        spec.pop("clusterIP", None)
        spec.pop("clusterIPs", None)
        for p in spec.get("ports", []):
            p.pop("nodePort", None)
    if o.get("kind") == "Job" and spec:
        spec.pop("selector", None)
        for labels in (o["metadata"].get("labels") or {}, spec["template"]["metadata"].get("labels") or {}):
            for k in _JOB_LABELS:
                labels.pop(k, None)
    return o


def _owned_fields(obj):
    """Fields a client owns: metadata labels/annotations and everything but status."""
    obj = _ownable(obj)
    o = {}
    m = obj.get("metadata", {})
    mm = {}
    if m.get("labels"):
        mm["labels"] = m["labels"]
    ann = {k: v for k, v in (m.get("annotations") or {}).items()
           if k != "deployment.kubernetes.io/revision"}
    if ann:
        mm["annotations"] = ann
    if mm:
        o["metadata"] = mm
    for k, v in obj.items():
        if k in ("apiVersion", "kind", "metadata", "status"):
            continue
        o[k] = v
    return fields_v1(o)


def _mf(manager, operation, api, time, fields, subresource=None):
    e = {"manager": manager, "operation": operation, "apiVersion": api, "time": time,
         "fieldsType": "FieldsV1", "fieldsV1": fields}
    if subresource:
        e["subresource"] = subresource
    return e


HOW = {
    "apply": ("kubectl-client-side-apply", "Update"),
    "create": ("kubectl-create", "Update"),
    "edit": ("kubectl-edit", "Update"),
    "patch": ("kubectl-patch", "Update"),
    "replace": ("kubectl-replace", "Update"),
    "rollout": ("kubectl-rollout", "Update"),
    "scale": ("kubectl", "Update"),
}


def _manager(how, manager):
    if how == "ssa":
        return (manager or "kubectl", "Apply")
    if how == "client":
        return (manager or "agent", "Update")
    return HOW[how]


def _last_applied(manifest):
    return json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n"


# ---------------------------------------------------------------- status

def _cond(typ, status, reason, message, t, last_update=True, observed=None):
    c = {"type": typ, "status": status}
    if last_update:
        c["lastUpdateTime"] = t
    c["lastTransitionTime"] = t
    if observed is not None:
        c["observedGeneration"] = observed
    c["reason"] = reason
    c["message"] = message
    return c


def running_status(obj, gen, t, seed, used=None):
    kind = obj["kind"]
    spec = obj.get("spec", {})
    name = obj["metadata"]["name"]
    if kind == "Deployment":
        r = spec.get("replicas", 1)
        st = {"observedGeneration": gen}
        if r:
            st.update({"replicas": r, "updatedReplicas": r, "readyReplicas": r, "availableReplicas": r})
        st["conditions"] = [
            _cond("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", t),
            _cond("Progressing", "True", "NewReplicaSetAvailable",
                  'ReplicaSet "%s-%s" has successfully progressed.' % (name, pod_hash(seed)), t)]
        return st
    if kind == "StatefulSet":
        r = spec.get("replicas", 1)
        rev = "%s-%s" % (name, pod_hash(seed))
        return {"observedGeneration": gen, "replicas": r, "readyReplicas": r, "currentReplicas": r,
                "updatedReplicas": r, "currentRevision": rev, "updateRevision": rev,
                "collisionCount": 0, "availableReplicas": r}
    if kind == "DaemonSet":
        n = 9
        return {"currentNumberScheduled": n, "numberMisscheduled": 0, "desiredNumberScheduled": n,
                "numberReady": n, "observedGeneration": gen, "updatedNumberScheduled": n,
                "numberAvailable": n}
    if kind == "CronJob":
        return {"lastScheduleTime": t, "lastSuccessfulTime": ts(t, 3)}
    if kind == "Job":
        return {"conditions": [{"type": "Complete", "status": "True", "lastProbeTime": ts(t, 14),
                                "lastTransitionTime": ts(t, 14)}],
                "startTime": t, "completionTime": ts(t, 14), "succeeded": 1, "terminating": 0,
                "uncountedTerminatedPods": {}, "ready": 0}
    if kind == "HorizontalPodAutoscaler":
        r = spec.get("minReplicas", 1)
        return {"lastScaleTime": t, "currentReplicas": r, "desiredReplicas": r,
                "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
                    "averageValue": "118m", "averageUtilization": 41}}}],
                "conditions": [
                    _cond("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", t, False),
                    _cond("ScalingActive", "True", "ValidMetricFound",
                          "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", t, False),
                    _cond("ScalingLimited", "False", "DesiredWithinRange",
                          "the desired count is within the acceptable range", t, False)]}
    if kind == "PodDisruptionBudget":
        exp = 4
        return {"observedGeneration": gen, "disruptionsAllowed": 1, "currentHealthy": exp,
                "desiredHealthy": exp - 1, "expectedPods": exp,
                "conditions": [{"type": "DisruptionAllowed", "status": "True", "reason": "SufficientPods",
                                "message": "", "observedGeneration": gen, "lastTransitionTime": t}]}
    if kind in ("Service", "Ingress"):
        return {"loadBalancer": {}}
    if kind == "PersistentVolumeClaim":
        return {"phase": "Bound", "accessModes": spec.get("accessModes", ["ReadWriteOnce"]),
                "capacity": {"storage": spec["resources"]["requests"]["storage"]}}
    if kind == "ResourceQuota":
        return {"hard": dict(spec.get("hard", {})), "used": dict(used or {})}
    return None


def create_status(obj):
    kind = obj["kind"]
    if kind in ("Deployment", "Job", "CronJob"):
        return {}
    if kind == "StatefulSet":
        return {"replicas": 0, "availableReplicas": 0}
    if kind == "DaemonSet":
        return {"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0,
                "numberReady": 0}
    if kind == "HorizontalPodAutoscaler":
        return {"currentReplicas": 0, "desiredReplicas": 0}
    if kind == "PodDisruptionBudget":
        return {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}
    if kind in ("Service", "Ingress"):
        return {"loadBalancer": {}}
    if kind == "PersistentVolumeClaim":
        return {"phase": "Pending"}
    if kind == "ResourceQuota":
        return {}
    return None


_GENERATION = {"Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "HorizontalPodAutoscaler",
               "PodDisruptionBudget", "NetworkPolicy", "Ingress", "ServiceMonitor", "PrometheusRule", "PodMonitor",
               "ScaledObject", "LocalQueue", "VolumeSnapshot", "Certificate"}


def _post_defaults(o, uid):
    """Fields the server fills in from its own state (allocated IPs, Job selectors)."""
    kind = o["kind"]
    spec = o.get("spec", {})
    name = o["metadata"]["name"]
    if kind == "Service":
        if spec.get("clusterIP") != "None":
            ip = cluster_ip(o["metadata"]["namespace"] + "/" + name)
            spec["clusterIP"] = ip
            spec["clusterIPs"] = [ip]
        else:
            spec["clusterIPs"] = ["None"]
        if spec["type"] in ("NodePort", "LoadBalancer"):
            for i, p in enumerate(spec["ports"]):
                p.setdefault("nodePort", 30000 + int(_h(name + str(i))[:6], 16) % 2700)
    if kind == "Job":
        tl = spec["template"]["metadata"].setdefault("labels", {})
        tl["batch.kubernetes.io/controller-uid"] = uid
        tl["batch.kubernetes.io/job-name"] = name
        tl["controller-uid"] = uid
        tl["job-name"] = name
        spec["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
        spec["manualSelector"] = None
        del spec["manualSelector"]
        o["metadata"].setdefault("labels", {})
        for k in ("batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name"):
            o["metadata"]["labels"].setdefault(k, tl[k])


def _order_meta(m):
    order = ["name", "generateName", "namespace", "uid", "resourceVersion", "generation",
             "creationTimestamp", "deletionTimestamp", "labels", "annotations", "ownerReferences",
             "finalizers", "managedFields"]
    return {k: m[k] for k in order if k in m}


def _order_obj(o):
    order = ["kind", "apiVersion", "metadata", "type", "immutable", "spec", "data", "stringData",
             "binaryData", "rules", "subjects", "roleRef", "secrets", "imagePullSecrets",
             "automountServiceAccountToken", "status"]
    out = {k: o[k] for k in order if k in o}
    for k in o:
        if k not in out and not k.startswith("_"):
            out[k] = o[k]
    out["metadata"] = _order_meta(out["metadata"])
    return out


# ---------------------------------------------------------------- lifecycle

def _strip_manifest(m):
    m = copy.deepcopy(m)
    m.pop("_used", None)
    return m


def existing(manifest, seed, created, updated=None, generation=1, how="apply", manager=None,
             server_annotations=None, status=None, finalizers=None, owner=None, extra_managed=None):
    """The object as stored now (what a webhook sees as oldObject)."""
    manifest = copy.deepcopy(manifest)
    clean = _strip_manifest(manifest)
    o = apply_defaults(manifest)
    used = o.pop("_used", None)
    updated = updated or ts(created, 60 * 24 * 9)
    m = o["metadata"]
    uid = make_uid(seed)
    m["uid"] = uid
    m["resourceVersion"] = make_rv(seed)
    m["creationTimestamp"] = created
    if o["kind"] in _GENERATION:
        m["generation"] = generation
    _post_defaults(o, uid)
    ann = dict(m.get("annotations") or {})
    if server_annotations:
        ann.update(server_annotations)
    if o["kind"] == "Deployment":
        ann.setdefault("deployment.kubernetes.io/revision", str(max(1, generation - 1)))
    if how == "apply":
        ann[LAST_APPLIED] = _last_applied(clean)
    if ann:
        m["annotations"] = ann
    if finalizers:
        m["finalizers"] = list(finalizers)
    if owner:
        m["ownerReferences"] = owner
    mgr, op = _manager(how, manager)
    api = o["apiVersion"]
    mfs = [_mf(mgr, op, api, updated, _owned_fields(o))]
    if extra_managed:
        mfs.extend(extra_managed)
    st = status if status is not None else running_status(o, generation, updated, seed, used)
    if o["kind"] == "Deployment":
        mfs.append(_mf("kube-controller-manager", "Update", api, updated,
                       {"f:metadata": {"f:annotations": {".": {}, "f:deployment.kubernetes.io/revision": {}}}}))
    if st:
        o["status"] = st
        mfs.append(_mf("kube-controller-manager", "Update", api, updated,
                       {"f:status": fields_v1(st)}, subresource="status"))
    elif st is not None and o["kind"] not in ("ConfigMap",):
        o["status"] = st
    m["managedFields"] = mfs
    o.pop("_used", None)
    return _order_obj(o)


def create(manifest, seed, now, how="apply", manager=None):
    """The object of a CREATE admission request (uid and creationTimestamp are set)."""
    manifest = copy.deepcopy(manifest)
    clean = _strip_manifest(manifest)
    o = apply_defaults(manifest)
    o.pop("_used", None)
    m = o["metadata"]
    uid = make_uid(seed)
    m["uid"] = uid
    m["creationTimestamp"] = now
    if o["kind"] in _GENERATION:
        m["generation"] = 1
    _post_defaults(o, uid)
    if how == "apply":
        ann = dict(m.get("annotations") or {})
        ann[LAST_APPLIED] = _last_applied(clean)
        m["annotations"] = ann
    mgr, op = _manager(how, manager)
    owned = _owned_fields(clean if how == "ssa" else o)
    m["managedFields"] = [_mf(mgr, op, o["apiVersion"], now, owned)]
    st = create_status(o)
    if st is not None:
        o["status"] = st
    o.pop("_used", None)
    return _order_obj(o)


def _spec_part(o):
    return {k: v for k, v in o.items() if k not in ("metadata", "status", "apiVersion", "kind")}


def update(old, new_manifest, now, how="apply", manager=None, old_manifest=None, status=None):
    """The object of an UPDATE admission request, given the stored oldObject."""
    new_manifest = copy.deepcopy(new_manifest)
    clean = _strip_manifest(new_manifest)
    o = apply_defaults(new_manifest)
    o.pop("_used", None)
    om = old["metadata"]
    m = o["metadata"]
    for k in ("uid", "resourceVersion", "creationTimestamp", "finalizers", "ownerReferences"):
        if k in om:
            m[k] = copy.deepcopy(om[k])
    # server-allocated fields survive
    if o["kind"] == "Service":
        for k in ("clusterIP", "clusterIPs"):
            if k in old["spec"]:
                o["spec"][k] = copy.deepcopy(old["spec"][k])
        if o["spec"]["type"] in ("NodePort", "LoadBalancer"):
            oldports = {(p["port"], p["protocol"]): p.get("nodePort") for p in old["spec"]["ports"]}
            for i, p in enumerate(o["spec"]["ports"]):
                np_ = oldports.get((p["port"], p["protocol"]))
                if np_:
                    p["nodePort"] = np_
        _post_defaults(o, m["uid"])
    if o["kind"] == "Job":
        o["spec"]["selector"] = copy.deepcopy(old["spec"]["selector"])
        o["spec"]["template"]["metadata"]["labels"] = copy.deepcopy(old["spec"]["template"]["metadata"]["labels"])
        for k, v in old["metadata"].get("labels", {}).items():
            if "controller-uid" in k or "job-name" in k:
                m.setdefault("labels", {})[k] = v
    # annotations: keep server-side ones, follow the manifest for the rest
    old_ann = dict(om.get("annotations") or {})
    old_la = {}
    if LAST_APPLIED in old_ann:
        try:
            old_la = json.loads(old_ann[LAST_APPLIED]).get("metadata", {}).get("annotations", {}) or {}
        except ValueError:
            old_la = {}
    new_ann = dict(m.get("annotations") or {})
    ann = {}
    for k, v in old_ann.items():
        if k == LAST_APPLIED:
            continue
        if how == "apply" and k in old_la and k not in new_ann:
            continue  # removed from the applied manifest
        if old_manifest is not None and k in (old_manifest["metadata"].get("annotations") or {}) and k not in new_ann:
            continue
        ann[k] = v
    ann.update(new_ann)
    if how == "apply":
        ann[LAST_APPLIED] = _last_applied(clean)
    elif LAST_APPLIED in old_ann:
        ann[LAST_APPLIED] = old_ann[LAST_APPLIED]
    if ann:
        m["annotations"] = ann
    elif "annotations" in m:
        del m["annotations"]
    gen = om.get("generation")
    if gen is not None:
        changed = json.dumps(_spec_part(o), sort_keys=True) != json.dumps(_spec_part(old), sort_keys=True)
        m["generation"] = gen + 1 if changed else gen
    mgr, op = _manager(how, manager)
    mfs = []
    replaced = False
    for e in om.get("managedFields", []):
        if e["manager"] == mgr and e.get("subresource") is None and e["operation"] == op:
            mfs.append(_mf(mgr, op, e["apiVersion"], now, _owned_fields(o)))
            replaced = True
        else:
            mfs.append(copy.deepcopy(e))
    if not replaced:
        mfs.append(_mf(mgr, op, o["apiVersion"], now, _changed_fields(old, o)))
    m["managedFields"] = mfs
    if status is not None:
        o["status"] = status
    elif "status" in old:
        o["status"] = copy.deepcopy(old["status"])
    o.pop("_used", None)
    return _order_obj(o)


def _diff(a, b):
    """Subset of b (dict) whose values differ from a."""
    out = {}
    for k, v in b.items():
        av = a.get(k) if isinstance(a, dict) else None
        if isinstance(v, dict) and isinstance(av, dict):
            d = _diff(av, v)
            if d:
                out[k] = d
        elif av != v:
            out[k] = v
    return out


def _changed_fields(old, new):
    old, new = _ownable(old), _ownable(new)
    d = _diff({k: v for k, v in old.items() if k != "status"},
              {k: v for k, v in new.items() if k != "status"})
    md = d.pop("metadata", {})
    mm = {}
    for k in ("labels", "annotations"):
        if k in md:
            mm[k] = md[k]
    if mm:
        d["metadata"] = mm
    d.pop("apiVersion", None)
    d.pop("kind", None)
    return fields_v1(d) if d else {"f:metadata": {}}


def scale_obj(dep, replicas):
    """The autoscaling/v1 Scale of a Deployment/StatefulSet with the given spec.replicas."""
    m = dep["metadata"]
    sel = ",".join("%s=%s" % (k, v) for k, v in sorted(dep["spec"]["selector"]["matchLabels"].items()))
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {"name": m["name"], "namespace": m["namespace"], "uid": m["uid"],
                         "resourceVersion": m["resourceVersion"],
                         "creationTimestamp": m["creationTimestamp"]},
            "spec": {"replicas": replicas},
            "status": {"replicas": dep.get("status", {}).get("replicas", dep["spec"]["replicas"]),
                       "selector": sel}}


# ---------------------------------------------------------------- admission case

RESOURCES = {
    "Deployment": ("apps", "v1", "deployments"),
    "StatefulSet": ("apps", "v1", "statefulsets"),
    "DaemonSet": ("apps", "v1", "daemonsets"),
    "CronJob": ("batch", "v1", "cronjobs"),
    "Job": ("batch", "v1", "jobs"),
    "Service": ("", "v1", "services"),
    "ConfigMap": ("", "v1", "configmaps"),
    "Secret": ("", "v1", "secrets"),
    "ServiceAccount": ("", "v1", "serviceaccounts"),
    "PersistentVolumeClaim": ("", "v1", "persistentvolumeclaims"),
    "ResourceQuota": ("", "v1", "resourcequotas"),
    "Pod": ("", "v1", "pods"),
    "PodDisruptionBudget": ("policy", "v1", "poddisruptionbudgets"),
    "HorizontalPodAutoscaler": ("autoscaling", "v2", "horizontalpodautoscalers"),
    "NetworkPolicy": ("networking.k8s.io", "v1", "networkpolicies"),
    "Ingress": ("networking.k8s.io", "v1", "ingresses"),
    "Role": ("rbac.authorization.k8s.io", "v1", "roles"),
    "RoleBinding": ("rbac.authorization.k8s.io", "v1", "rolebindings"),
    "ServiceMonitor": ("monitoring.coreos.com", "v1", "servicemonitors"),
    "PrometheusRule": ("monitoring.coreos.com", "v1", "prometheusrules"),
    "PodMonitor": ("monitoring.coreos.com", "v1", "podmonitors"),
    "ScaledObject": ("keda.sh", "v1alpha1", "scaledobjects"),
    "LocalQueue": ("kueue.x-k8s.io", "v1beta1", "localqueues"),
    "VolumeSnapshot": ("snapshot.storage.k8s.io", "v1", "volumesnapshots"),
}


def case(category, why, obj=None, old=None, subresource="", resource_of=None):
    expect = "allow" if category in ("aligned-obvious", "aligned-indirect") else "deny"
    if obj is not None and old is not None:
        op = "UPDATE"
    elif obj is not None:
        op = "CREATE"
    else:
        op = "DELETE"
    src = obj if obj is not None else old
    kind = src["kind"]
    g, v, r = RESOURCES[resource_of or kind]
    return {
        "category": category, "expect": expect, "operation": op,
        "group": g, "version": v, "resource": r, "subresource": subresource,
        "kind": kind, "namespace": src["metadata"].get("namespace", ""),
        "name": src["metadata"]["name"],
        "object": obj, "oldObject": old, "why": why,
    }


def clone(x):
    return copy.deepcopy(x)


def containers_of(manifest):
    spec = manifest["spec"]
    if manifest["kind"] == "CronJob":
        return spec["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    return spec["template"]["spec"]["containers"]


def podspec_of(manifest):
    spec = manifest["spec"]
    if manifest["kind"] == "CronJob":
        return spec["jobTemplate"]["spec"]["template"]["spec"]
    return spec["template"]["spec"]
