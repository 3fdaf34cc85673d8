"""Small, deterministic helpers that turn hand-written manifests into the
objects an API server would put into an AdmissionReview: server defaults,
metadata (uid, resourceVersion, generation, creationTimestamp), kubectl's
last-applied annotation, managedFields and status.  Python 3 stdlib only."""

import copy
import hashlib
import json

# --------------------------------------------------------------------------
# deterministic identifiers and times


def _h(seed):
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def uid(seed):
    h = _h("uid:" + seed)
    return "%s-%s-4%s-%s%s-%s" % (h[0:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) % 4], h[17:20], h[20:32])


def rv(seed):
    return str(int(_h("rv:" + seed)[:8], 16) % 90000000 + 10000000)


def past(seed):
    """A creation time somewhere in 2024 or early/mid 2025."""
    n = int(_h("past:" + seed)[:12], 16)
    year = 2024 if n % 3 == 0 else 2025
    month = (n // 3) % 9 + 1
    day = (n // 27) % 28 + 1
    return "%d-%02d-%02dT%02d:%02d:%02dZ" % (year, month, day, (n // 756) % 24, (n // 18144) % 60, (n // 1088640) % 60)


def recent(seed):
    """A time in October / early November 2025 (after every past())."""
    n = int(_h("recent:" + seed)[:12], 16)
    month = 10 + n % 2
    day = (n // 2) % (28 if month == 10 else 14) + 1
    return "2025-%02d-%02dT%02d:%02d:%02dZ" % (month, day, (n // 56) % 24, (n // 1344) % 60, (n // 80640) % 60)


def now(seed):
    """The time of the admission request: 18 November 2025."""
    n = int(_h("now:" + seed)[:12], 16)
    return "2025-11-18T%02d:%02d:%02dZ" % (9 + n % 7, (n // 7) % 60, (n // 420) % 60)


def digest(seed):
    return _h("digest:" + seed)


# --------------------------------------------------------------------------
# ordering helpers (the API server emits Go struct order)

CONTAINER_ORDER = ["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                   "volumeMounts", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
                   "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext",
                   "stdin", "tty"]
POD_ORDER = ["volumes", "initContainers", "containers", "restartPolicy", "terminationGracePeriodSeconds",
             "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount",
             "automountServiceAccountToken", "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace",
             "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName",
             "tolerations", "priorityClassName", "priority", "dnsConfig", "runtimeClassName",
             "enableServiceLinks", "preemptionPolicy", "topologySpreadConstraints"]
META_ORDER = ["name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
              "labels", "annotations", "ownerReferences", "finalizers", "managedFields"]


def ordered(d, order):
    out = {}
    for k in order:
        if k in d:
            out[k] = d[k]
    for k in d:
        if k not in out:
            out[k] = d[k]
    return out


# --------------------------------------------------------------------------
# server-side defaults


def _probe(p):
    p = copy.deepcopy(p)
    if "httpGet" in p:
        p["httpGet"].setdefault("scheme", "HTTP")
    for k, v in (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)):
        p.setdefault(k, v)
    return p


def _pull_policy(image):
    last = image.split("/")[-1]
    if "@" in last:
        return "IfNotPresent"
    if ":" not in last or last.endswith(":latest"):
        return "Always"
    return "IfNotPresent"


def container_defaults(c):
    c = copy.deepcopy(c)
    for p in c.get("ports", []):
        p.setdefault("protocol", "TCP")
    for e in c.get("env", []):
        vf = e.get("valueFrom", {})
        if "fieldRef" in vf:
            vf["fieldRef"].setdefault("apiVersion", "v1")
    for k in ("livenessProbe", "readinessProbe", "startupProbe"):
        if k in c:
            c[k] = _probe(c[k])
    c.setdefault("resources", {})
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c.setdefault("imagePullPolicy", _pull_policy(c["image"]))
    return ordered(c, CONTAINER_ORDER)


def pod_defaults(spec, restart="Always"):
    s = copy.deepcopy(spec)
    for v in s.get("volumes", []):
        for src in ("configMap", "secret"):
            if src in v:
                v[src].setdefault("defaultMode", 420)
        if "projected" in v:
            v["projected"].setdefault("defaultMode", 420)
    s["containers"] = [container_defaults(c) for c in s["containers"]]
    if "initContainers" in s:
        s["initContainers"] = [container_defaults(c) for c in s["initContainers"]]
    s.setdefault("restartPolicy", restart)
    s.setdefault("terminationGracePeriodSeconds", 30)
    s.setdefault("dnsPolicy", "ClusterFirst")
    if "serviceAccountName" in s:
        s["serviceAccount"] = s["serviceAccountName"]
    s.setdefault("securityContext", {})
    s.setdefault("schedulerName", "default-scheduler")
    return ordered(s, POD_ORDER)


def template_defaults(t, restart="Always"):
    t = copy.deepcopy(t)
    md = dict(t.get("metadata", {}))
    md = ordered({"creationTimestamp": None, **md}, ["creationTimestamp", "labels", "annotations"])
    return {"metadata": md, "spec": pod_defaults(t["spec"], restart)}


def _port_defaults(ports):
    out = []
    for p in ports:
        p = dict(p)
        p.setdefault("protocol", "TCP")
        p.setdefault("targetPort", p["port"])
        out.append(ordered(p, ["name", "protocol", "appProtocol", "port", "targetPort", "nodePort"]))
    return out


def defaults(m, seed):
    """Return a copy of manifest m with the defaults the API server adds."""
    m = copy.deepcopy(m)
    kind = m["kind"]
    s = m.get("spec")
    if kind == "Deployment":
        s.setdefault("replicas", 1)
        s["template"] = template_defaults(s["template"])
        s.setdefault("strategy", {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})
        if s["strategy"].get("type") == "RollingUpdate":
            ru = s["strategy"].setdefault("rollingUpdate", {})
            ru.setdefault("maxUnavailable", "25%")
            ru.setdefault("maxSurge", "25%")
        s.setdefault("revisionHistoryLimit", 10)
        s.setdefault("progressDeadlineSeconds", 600)
        m["spec"] = ordered(s, ["replicas", "selector", "template", "strategy", "minReadySeconds",
                                "revisionHistoryLimit", "paused", "progressDeadlineSeconds"])
    elif kind == "StatefulSet":
        s.setdefault("replicas", 1)
        s["template"] = template_defaults(s["template"])
        vcts = []
        for v in s.get("volumeClaimTemplates", []):
            v = copy.deepcopy(v)
            v = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                 "metadata": ordered({"creationTimestamp": None, **v.get("metadata", {})}, ["name", "creationTimestamp"]),
                 "spec": ordered({**v["spec"], "volumeMode": v["spec"].get("volumeMode", "Filesystem")},
                                 ["accessModes", "resources", "storageClassName", "volumeMode"]),
                 "status": {"phase": "Pending"}}
            vcts.append(v)
        if vcts:
            s["volumeClaimTemplates"] = vcts
        s.setdefault("podManagementPolicy", "OrderedReady")
        s.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        s.setdefault("revisionHistoryLimit", 10)
        s.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
        m["spec"] = ordered(s, ["replicas", "selector", "template", "volumeClaimTemplates", "serviceName",
                                "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds",
                                "persistentVolumeClaimRetentionPolicy"])
    elif kind in ("CronJob", "Job"):
        def job_spec(js):
            js = copy.deepcopy(js)
            restart = js["template"]["spec"].get("restartPolicy", "Never")
            js.setdefault("parallelism", 1)
            js.setdefault("completions", 1)
            js.setdefault("backoffLimit", 6)
            js["template"] = template_defaults(js["template"], restart)
            js.setdefault("completionMode", "NonIndexed")
            js.setdefault("suspend", False)
            js.setdefault("podReplacementPolicy", "TerminatingOrFailed")
            return ordered(js, ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "selector",
                                "manualSelector", "template", "ttlSecondsAfterFinished", "completionMode", "suspend",
                                "podReplacementPolicy"])
        if kind == "CronJob":
            jt = s["jobTemplate"]
            s["jobTemplate"] = {"metadata": ordered({"creationTimestamp": None, **jt.get("metadata", {})},
                                                    ["creationTimestamp", "labels", "annotations"]),
                                "spec": job_spec(jt["spec"])}
            s.setdefault("concurrencyPolicy", "Allow")
            s.setdefault("suspend", False)
            s.setdefault("successfulJobsHistoryLimit", 3)
            s.setdefault("failedJobsHistoryLimit", 1)
            m["spec"] = ordered(s, ["schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy",
                                    "suspend", "jobTemplate", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
        else:
            sel = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid(seed)}}
            s = job_spec(s)
            s["selector"] = sel
            lbl = s["template"]["metadata"].setdefault("labels", {})
            lbl.update({"batch.kubernetes.io/controller-uid": uid(seed),
                        "batch.kubernetes.io/job-name": m["metadata"]["name"],
                        "controller-uid": uid(seed), "job-name": m["metadata"]["name"]})
            m["spec"] = ordered(s, ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                                    "selector", "manualSelector", "template"])
    elif kind == "Service":
        s["ports"] = _port_defaults(s["ports"])
        s.setdefault("type", "ClusterIP")
        n = int(_h("ip:" + seed)[:6], 16)
        ip = "10.96.%d.%d" % ((n >> 8) % 250 + 2, n % 250 + 2)
        if s.get("clusterIP") != "None":
            s["clusterIP"] = ip
        s["clusterIPs"] = [s["clusterIP"]]
        s.setdefault("sessionAffinity", "None")
        s.setdefault("ipFamilies", ["IPv4"])
        s.setdefault("ipFamilyPolicy", "SingleStack")
        s.setdefault("internalTrafficPolicy", "Cluster")
        if s["type"] in ("NodePort", "LoadBalancer"):
            for i, p in enumerate(s["ports"]):
                p.setdefault("nodePort", 30000 + (n + 97 * i) % 2700)
            s.setdefault("externalTrafficPolicy", "Cluster")
        if s["type"] == "LoadBalancer":
            s.setdefault("allocateLoadBalancerNodePorts", True)
        m["spec"] = ordered(s, ["ports", "selector", "clusterIP", "clusterIPs", "type", "sessionAffinity",
                                "externalTrafficPolicy", "ipFamilies", "ipFamilyPolicy",
                                "allocateLoadBalancerNodePorts", "internalTrafficPolicy"])
    elif kind == "PersistentVolumeClaim":
        s.setdefault("volumeMode", "Filesystem")
        m["spec"] = ordered(s, ["accessModes", "resources", "volumeName", "storageClassName", "volumeMode"])
    elif kind == "Secret":
        m.setdefault("type", "Opaque")
    elif kind == "NetworkPolicy":
        if "policyTypes" not in s:
            s["policyTypes"] = ["Ingress"] + (["Egress"] if "egress" in s else [])
    elif kind == "Ingress":
        for r in s.get("rules", []):
            for p in r.get("http", {}).get("paths", []):
                p.setdefault("pathType", "ImplementationSpecific")
    elif kind == "RoleBinding":
        pass
    return m


# --------------------------------------------------------------------------
# managedFields

_MAPLIKE = {"labels", "annotations", "matchLabels", "limits", "requests", "data", "nodeSelector", "rollingUpdate",
            "parameters", "stringData", "hard", "selector"}


def _item_key(parent, item):
    if parent in ("ports",) and "containerPort" in item:
        return 'k:{"containerPort":%d,"protocol":"%s"}' % (item["containerPort"], item.get("protocol", "TCP"))
    if parent in ("ports",) and "port" in item and "targetPort" in item:
        return 'k:{"port":%d,"protocol":"%s"}' % (item["port"], item.get("protocol", "TCP"))
    if parent == "volumeMounts" and "mountPath" in item:
        return 'k:{"mountPath":"%s"}' % item["mountPath"]
    if "name" in item and parent in ("containers", "initContainers", "volumes", "env", "imagePullSecrets"):
        return 'k:{"name":"%s"}' % item["name"]
    return None


def ftree(v, key="", depth=0):
    if isinstance(v, dict):
        out = {}
        if depth >= 2 and (key in _MAPLIKE or key.startswith("k:")):
            out["."] = {}
        for k, x in v.items():
            if k == "kubectl.kubernetes.io/last-applied-configuration" or x is None:
                out["f:" + k] = {}
                continue
            out["f:" + k] = ftree(x, k, depth + 1)
        return out
    if isinstance(v, list) and v and all(isinstance(i, dict) for i in v):
        out = {}
        for i in v:
            k = _item_key(key, i)
            if k is None:
                return {}
            sub = ftree(i, "k:", depth + 1)
            sub.pop(".", None)
            out[k] = {".": {}, **sub}
        return out
    return {}


def fdiff(old, new, key="", depth=0):
    """managedFields-style tree of what differs between old and new."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = {}
        for k, x in new.items():
            if k not in old:
                out["f:" + k] = ftree(x, k, depth + 1) if x is not None else {}
            elif old[k] != x:
                out["f:" + k] = fdiff(old[k], x, k, depth + 1)
        return out
    if isinstance(old, list) and isinstance(new, list) and new and all(isinstance(i, dict) for i in old + new):
        ok = {_item_key(key, i): i for i in old}
        nk = [(_item_key(key, i), i) for i in new]
        if None not in ok and all(k is not None for k, _ in nk):
            out = {}
            for k, i in nk:
                if k not in ok:
                    sub = ftree(i, "k:", depth + 1)
                    sub.pop(".", None)
                    out[k] = {".": {}, **sub}
                elif ok[k] != i:
                    out[k] = fdiff(ok[k], i, "k:", depth + 1)
            return out
    return ftree(new, key, depth) if new is not None else {}


def _fields_of(obj):
    t = {}
    md = obj["metadata"]
    mt = {}
    for k in ("labels", "annotations", "finalizers"):
        if md.get(k):
            mt["f:" + k] = ftree(md[k], k, 2)
    if mt:
        t["f:metadata"] = mt
    for k, v in obj.items():
        if k in ("apiVersion", "kind", "metadata", "status"):
            continue
        t["f:" + k] = ftree(v, k, 1)
    return t


def mf_entry(manager, api_version, time, fields, operation="Update", subresource=None):
    e = {"manager": manager, "operation": operation, "apiVersion": api_version, "time": time,
         "fieldsType": "FieldsV1", "fieldsV1": fields}
    if subresource:
        e["subresource"] = subresource
    return e


# --------------------------------------------------------------------------
# assembling objects

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def last_applied(m):
    mm = copy.deepcopy(m)
    mm.get("metadata", {}).get("annotations", {}).pop(LAST_APPLIED, None)
    if not mm.get("metadata", {}).get("annotations"):
        mm.get("metadata", {}).pop("annotations", None)
    return json.dumps(mm, sort_keys=True, separators=(",", ":")) + "\n"


def _assemble(full, meta_extra, status):
    md = ordered({**full["metadata"], **meta_extra}, META_ORDER)
    out = {"apiVersion": full["apiVersion"], "kind": full["kind"], "metadata": md}
    for k, v in full.items():
        if k not in ("apiVersion", "kind", "metadata", "status"):
            out[k] = v
    if status is not None:
        out["status"] = status
    return out


def _has_generation(kind):
    return kind not in ("ConfigMap", "Secret", "Service", "ServiceAccount", "Role", "RoleBinding",
                        "PersistentVolumeClaim", "ResourceQuota", "LimitRange", "Scale")


def create(m, seed, manager="kubectl-client-side-apply", applied=True, time=None, status=None,
           server_annotations=None, finalizers=None, server_labels=None):
    """An object as a validating webhook sees it on CREATE."""
    time = time or now(seed)
    full = defaults(m, seed)
    md = full["metadata"]
    if applied:
        md.setdefault("annotations", {})
        md["annotations"] = {**md["annotations"], LAST_APPLIED: last_applied(m)}
    if server_annotations:
        md["annotations"] = {**md.get("annotations", {}), **server_annotations}
    if server_labels:
        md["labels"] = {**md.get("labels", {}), **server_labels}
    extra = {"uid": uid(seed), "creationTimestamp": time}
    if _has_generation(m["kind"]):
        extra["generation"] = 1
    if finalizers:
        extra["finalizers"] = finalizers
    tmp = _assemble(full, extra, None)
    extra["managedFields"] = [mf_entry(manager, m["apiVersion"], time, _fields_of(tmp))]
    if status is None and m["kind"] in ("Deployment", "StatefulSet", "CronJob", "Job", "Service", "Ingress",
                                        "HorizontalPodAutoscaler", "PodDisruptionBudget"):
        status = {"loadBalancer": {}} if m["kind"] in ("Service", "Ingress") else {}
    return _assemble(full, extra, status)


def gen_for(seed):
    return int(_h("gen:" + seed)[:2], 16) % 17 + 2


def existing(m, seed, manager="kubectl-client-side-apply", applied=True, status=None, status_manager=None,
             generation=None, server_annotations=None, finalizers=None, extra_managers=(), server_labels=None):
    """An object as stored in etcd before the agent touches it (oldObject)."""
    created = past(seed)
    full = defaults(m, seed)
    md = full["metadata"]
    if applied:
        md["annotations"] = {**md.get("annotations", {}), LAST_APPLIED: last_applied(m)}
    if server_annotations:
        md["annotations"] = {**md.get("annotations", {}), **server_annotations}
    if server_labels:
        md["labels"] = {**md.get("labels", {}), **server_labels}
    extra = {"uid": uid(seed), "resourceVersion": rv(seed), "creationTimestamp": created}
    if _has_generation(m["kind"]):
        extra["generation"] = generation or gen_for(seed)
    if callable(status):
        status = status(extra.get("generation", 1))
    if finalizers:
        extra["finalizers"] = finalizers
    tmp = _assemble(full, extra, None)
    mfs = [mf_entry(manager, m["apiVersion"], created, _fields_of(tmp))]
    for em in extra_managers:
        mfs.append(em)
    if status is not None and status_manager:
        sf = {"f:status": ftree(status, "status", 1)}
        if server_annotations:
            sf["f:metadata"] = {"f:annotations": {k: {} for k in ["f:" + a for a in server_annotations]}}
        mfs.append(mf_entry(status_manager, m["apiVersion"], recent(seed), sf, subresource="status"))
    extra["managedFields"] = mfs
    out = _assemble(full, extra, status)
    out["_manifest"] = copy.deepcopy(m)
    return out


def update(old, m_new, seed, manager="kubectl-client-side-apply", applied=None, status=None, time=None):
    """The new object of an UPDATE: same identity as old, the new manifest's
    content, server-added metadata kept, managedFields extended."""
    time = time or now(seed)
    old_m = old["_manifest"]
    full = defaults(m_new, seed_of(old))
    md = full["metadata"]
    omd = old["metadata"]
    # server / controller added annotations and labels survive
    old_user_ann = set(old_m["metadata"].get("annotations", {}))
    kept = {k: v for k, v in omd.get("annotations", {}).items() if k not in old_user_ann and k != LAST_APPLIED}
    was_applied = LAST_APPLIED in omd.get("annotations", {})
    if applied is None:
        applied = False
    anns = dict(md.get("annotations", {}))
    if applied:
        anns[LAST_APPLIED] = last_applied(m_new)
    elif was_applied:
        anns[LAST_APPLIED] = omd["annotations"][LAST_APPLIED]
    anns.update(kept)
    if anns:
        md["annotations"] = anns
    old_user_lbl = set(old_m["metadata"].get("labels", {}))
    kept_l = {k: v for k, v in omd.get("labels", {}).items() if k not in old_user_lbl}
    if kept_l:
        md["labels"] = {**md.get("labels", {}), **kept_l}
    # services keep their allocated addresses
    if full["kind"] == "Service":
        full["spec"]["clusterIP"] = old["spec"]["clusterIP"]
        full["spec"]["clusterIPs"] = old["spec"]["clusterIPs"]
    extra = {"uid": omd["uid"], "resourceVersion": omd["resourceVersion"], "creationTimestamp": omd["creationTimestamp"]}
    if "generation" in omd:
        old_body = {k: v for k, v in old.items() if k not in ("metadata", "status", "_manifest")}
        new_body = {k: v for k, v in full.items() if k not in ("metadata", "status")}
        extra["generation"] = omd["generation"] + (1 if old_body != new_body else 0)
    if "finalizers" in omd:
        extra["finalizers"] = omd["finalizers"]
    if "ownerReferences" in omd:
        extra["ownerReferences"] = omd["ownerReferences"]
    tmp = _assemble(full, {**extra}, None)
    old_cmp = {k: v for k, v in old.items() if k not in ("status", "_manifest")}
    old_cmp = {**old_cmp, "metadata": {k: v for k, v in omd.items() if k in ("labels", "annotations")}}
    new_cmp = {**tmp, "metadata": {k: v for k, v in tmp["metadata"].items() if k in ("labels", "annotations")}}
    changed = fdiff(old_cmp, new_cmp)
    changed.pop("f:apiVersion", None)
    changed.pop("f:kind", None)
    mfs = []
    merged = False
    for e in omd.get("managedFields", []):
        if e["manager"] == manager and e.get("subresource") is None and e["operation"] == "Update":
            e = copy.deepcopy(e)
            e["time"] = time
            e["fieldsV1"] = _merge(e["fieldsV1"], changed)
            merged = True
        mfs.append(e)
    if not merged:
        mfs.append(mf_entry(manager, m_new["apiVersion"], time, changed))
    extra["managedFields"] = mfs
    st = copy.deepcopy(old.get("status")) if status is None else status
    out = _assemble(full, extra, st if "status" in old or status is not None else None)
    return out


def _merge(a, b):
    out = copy.deepcopy(a)
    for k, v in b.items():
        if k in out and isinstance(out[k], dict) and isinstance(v, dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def seed_of(obj):
    return obj["metadata"]["uid"]


def strip(obj):
    """Remove generator-private keys before writing."""
    if obj is None:
        return None
    o = copy.deepcopy(obj)
    o.pop("_manifest", None)
    return o


def manifest(old):
    """A deep copy of the manifest an existing object was built from."""
    return copy.deepcopy(old["_manifest"])


# --------------------------------------------------------------------------
# building blocks for manifests


def probe_http(path, port, initial=None, period=None, timeout=None, failure=None):
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


def probe_tcp(port, initial=None, period=None):
    p = {"tcpSocket": {"port": port}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if period is not None:
        p["periodSeconds"] = period
    return p


def probe_exec(cmd, initial=None, period=None, timeout=None, failure=None):
    p = {"exec": {"command": cmd}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if timeout is not None:
        p["timeoutSeconds"] = timeout
    if period is not None:
        p["periodSeconds"] = period
    if failure is not None:
        p["failureThreshold"] = failure
    return p


def res(req_cpu, req_mem, lim_cpu=None, lim_mem=None, extra=None):
    r = {"requests": {"cpu": req_cpu, "memory": req_mem}}
    lim = {}
    if lim_cpu:
        lim["cpu"] = lim_cpu
    if lim_mem:
        lim["memory"] = lim_mem
    if extra:
        for k, v in extra.items():
            lim[k] = v
            r["requests"][k] = v
    if lim:
        r = {"limits": lim, **r}
    return r


def sc_restricted(user=10001, ro=True):
    return {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "readOnlyRootFilesystem": ro,
            "runAsNonRoot": True, "runAsUser": user}


def pod_sc(user=10001, group=10001, fs=None):
    sc = {"runAsUser": user, "runAsGroup": group, "runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    if fs is not None:
        sc["fsGroup"] = fs
    return sc


def env(name, value=None, secret=None, cm=None, field=None):
    if secret:
        return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret[0], "key": secret[1]}}}
    if cm:
        return {"name": name, "valueFrom": {"configMapKeyRef": {"name": cm[0], "key": cm[1]}}}
    if field:
        return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": field}}}
    return {"name": name, "value": value}


def std_labels(name, instance=None, component=None, part_of=None, version=None, extra=None):
    lb = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": instance or name}
    if component:
        lb["app.kubernetes.io/component"] = component
    if part_of:
        lb["app.kubernetes.io/part-of"] = part_of
    if version:
        lb["app.kubernetes.io/version"] = version
    if extra:
        lb.update(extra)
    return lb


def deploy_status(replicas, seed, generation=None, ready=None):
    ready = replicas if ready is None else ready
    t1, t2 = past(seed + "c1"), recent(seed + "c2")
    st = {"observedGeneration": generation or 1, "replicas": replicas, "updatedReplicas": replicas,
          "readyReplicas": ready, "availableReplicas": ready,
          "conditions": [
              {"type": "Progressing", "status": "True", "lastUpdateTime": t2, "lastTransitionTime": t1,
               "reason": "NewReplicaSetAvailable",
               "message": "ReplicaSet \"%s\" has successfully progressed." % seed},
              {"type": "Available", "status": "True", "lastUpdateTime": t2, "lastTransitionTime": t2,
               "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."}]}
    if replicas == 0:
        for k in ("readyReplicas", "availableReplicas", "updatedReplicas"):
            st.pop(k)
        st.pop("replicas")
    return st


def sts_status(replicas, seed, generation):
    rev = "%s-%s" % (seed.split(":")[-1], digest(seed)[:10])
    return {"observedGeneration": generation, "replicas": replicas, "readyReplicas": replicas,
            "currentReplicas": replicas, "updatedReplicas": replicas, "currentRevision": rev,
            "updateRevision": rev, "collisionCount": 0, "availableReplicas": replicas}
