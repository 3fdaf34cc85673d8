"""Shared helpers for the holdout4 intent corpus generator (stdlib only).

Objects are built the way the API server hands them to a validating webhook:
uid/creationTimestamp set, managedFields filled, last-applied-configuration
for kubectl-apply managed objects, defaults filled in pod templates/services.
Everything is deterministic: uids are uuid5 of the object's identity and all
timestamps are fixed.
"""
import copy
import hashlib
import json
import uuid

REQ_TIME = "2025-03-14T09:12:33Z"          # time of the judged request
PAST = ["2024-09-02T07:15:44Z", "2024-10-21T14:03:19Z", "2024-11-05T13:41:07Z",
        "2024-12-12T10:27:51Z", "2025-01-08T16:55:02Z", "2025-02-03T11:09:36Z",
        "2025-02-26T08:48:13Z"]
LAST_CHANGE = "2025-03-11T17:22:40Z"

# kind -> (apiVersion, plural, namespaced)
KINDS = {
    "Deployment": ("apps/v1", "deployments", True),
    "DaemonSet": ("apps/v1", "daemonsets", True),
    "StatefulSet": ("apps/v1", "statefulsets", True),
    "Service": ("v1", "services", True),
    "ConfigMap": ("v1", "configmaps", True),
    "Secret": ("v1", "secrets", True),
    "ServiceAccount": ("v1", "serviceaccounts", True),
    "ResourceQuota": ("v1", "resourcequotas", True),
    "LimitRange": ("v1", "limitranges", True),
    "PodDisruptionBudget": ("policy/v1", "poddisruptionbudgets", True),
    "HorizontalPodAutoscaler": ("autoscaling/v2", "horizontalpodautoscalers", True),
    "Role": ("rbac.authorization.k8s.io/v1", "roles", True),
    "RoleBinding": ("rbac.authorization.k8s.io/v1", "rolebindings", True),
    "ClusterRole": ("rbac.authorization.k8s.io/v1", "clusterroles", False),
    "ClusterRoleBinding": ("rbac.authorization.k8s.io/v1", "clusterrolebindings", False),
    "NetworkPolicy": ("networking.k8s.io/v1", "networkpolicies", True),
    "Ingress": ("networking.k8s.io/v1", "ingresses", True),
    "CronJob": ("batch/v1", "cronjobs", True),
    "Job": ("batch/v1", "jobs", True),
    "KafkaTopic": ("kafka.strimzi.io/v1beta2", "kafkatopics", True),
    "Certificate": ("cert-manager.io/v1", "certificates", True),
    "CertificateRequest": ("cert-manager.io/v1", "certificaterequests", True),
    "ClusterIssuer": ("cert-manager.io/v1", "clusterissuers", False),
    "PrometheusRule": ("monitoring.coreos.com/v1", "prometheusrules", True),
    "ServiceMonitor": ("monitoring.coreos.com/v1", "servicemonitors", True),
    "AlertmanagerConfig": ("monitoring.coreos.com/v1alpha1", "alertmanagerconfigs", True),
    "Rollout": ("argoproj.io/v1alpha1", "rollouts", True),
    "AnalysisTemplate": ("argoproj.io/v1alpha1", "analysistemplates", True),
    "Schedule": ("velero.io/v1", "schedules", True),
    "Backup": ("velero.io/v1", "backups", True),
    "BackupStorageLocation": ("velero.io/v1", "backupstoragelocations", True),
    "VolumeSnapshotClass": ("snapshot.storage.k8s.io/v1", "volumesnapshotclasses", False),
}
# kinds whose objects carry metadata.generation
GEN = {"Deployment", "DaemonSet", "StatefulSet", "PodDisruptionBudget", "HorizontalPodAutoscaler",
       "NetworkPolicy", "Ingress", "CronJob", "Job", "KafkaTopic", "Certificate",
       "CertificateRequest", "ClusterIssuer", "PrometheusRule", "ServiceMonitor",
       "AlertmanagerConfig", "Rollout", "AnalysisTemplate", "Schedule", "Backup",
       "BackupStorageLocation"}

# keys the API server defaults; left out of last-applied-configuration
DEFAULTED = {"terminationMessagePath", "terminationMessagePolicy", "dnsPolicy", "schedulerName",
             "revisionHistoryLimit", "progressDeadlineSeconds", "creationTimestamp", "clusterIP",
             "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy",
             "sessionAffinity", "restartPolicy", "terminationGracePeriodSeconds",
             "imagePullPolicy", "successThreshold", "timeoutSeconds"}


def _h(s):
    return int(hashlib.sha256(s.encode()).hexdigest()[:12], 16)


def uid(kind, ns, name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "ibac-holdout4/%s/%s/%s" % (kind, ns or "-", name)))


def past(kind, ns, name):
    return PAST[_h(kind + (ns or "") + name) % len(PAST)]


def rv(kind, ns, name):
    return str(1000000 + _h("rv" + kind + (ns or "") + name) % 88000000)


def _strip_defaults(v):
    if isinstance(v, dict):
        return {k: _strip_defaults(x) for k, x in v.items() if k not in DEFAULTED}
    if isinstance(v, list):
        return [_strip_defaults(x) for x in v]
    return v


def _listkey(e):
    for keys in (("containerPort", "protocol"), ("port", "protocol")):
        if keys[0] in e and "name" not in e:
            return json.dumps({k: e.get(k, "TCP") for k in keys}, separators=(",", ":"))
    if "name" in e and isinstance(e["name"], str):
        return json.dumps({"name": e["name"]}, separators=(",", ":"))
    if "mountPath" in e:
        return json.dumps({"mountPath": e["mountPath"]}, separators=(",", ":"))
    if "containerPort" in e:
        return json.dumps({"containerPort": e["containerPort"], "protocol": e.get("protocol", "TCP")}, separators=(",", ":"))
    if "port" in e and isinstance(e["port"], int):
        return json.dumps({"port": e["port"], "protocol": e.get("protocol", "TCP")}, separators=(",", ":"))
    return None


def fields(v, depth=0):
    """FieldsV1 set for a value."""
    if isinstance(v, dict):
        out = {".": {}} if depth >= 2 else {}
        for k, x in v.items():
            out["f:" + k] = fields(x, depth + 1) if isinstance(x, (dict, list)) else {}
        return out
    if isinstance(v, list):
        out = {}
        for e in v:
            if isinstance(e, dict):
                k = _listkey(e)
                if k is None:
                    return {}
                sub = fields(e, 2)
                out["k:" + k] = sub
        return out
    return {}


def diff_fields(old, new, depth=0):
    """FieldsV1 for what changed from old to new (approximate, like a patch)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = {}
        for k, x in new.items():
            if k not in old:
                out["f:" + k] = fields(x, depth + 1) if isinstance(x, (dict, list)) else {}
            elif old[k] != x:
                out["f:" + k] = diff_fields(old[k], x, depth + 1) if isinstance(x, (dict, list)) else {}
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = {}
        okeys = {}
        for e in old:
            if isinstance(e, dict) and _listkey(e):
                okeys[_listkey(e)] = e
        for e in new:
            if isinstance(e, dict):
                k = _listkey(e)
                if k is None:
                    return {}
                if k not in okeys:
                    out["k:" + k] = fields(e, 2)
                elif okeys[k] != e:
                    d = diff_fields(okeys[k], e, 2)
                    d["."] = {}
                    out["k:" + k] = d
        return out
    return fields(new, depth) if isinstance(new, (dict, list)) else {}


def _content(obj):
    """The parts a field manager owns: metadata labels/annotations and the body."""
    c = {}
    md = {}
    for k in ("labels", "annotations", "ownerReferences"):
        if k in obj["metadata"]:
            md[k] = obj["metadata"][k]
    if md:
        c["metadata"] = md
    for k, v in obj.items():
        if k not in ("apiVersion", "kind", "metadata", "status"):
            c[k] = v
    return c


def _last_applied(obj):
    md = {}
    ann = {k: v for k, v in obj["metadata"].get("annotations", {}).items()
           if k != "kubectl.kubernetes.io/last-applied-configuration"
           and not k.startswith("deployment.kubernetes.io/")}
    if ann:
        md["annotations"] = ann
    if obj["metadata"].get("labels"):
        md["labels"] = obj["metadata"]["labels"]
    md["name"] = obj["metadata"]["name"]
    if obj["metadata"].get("namespace"):
        md["namespace"] = obj["metadata"]["namespace"]
    la = {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "metadata": md}
    for k, v in obj.items():
        if k not in ("apiVersion", "kind", "metadata", "status"):
            la[k] = _strip_defaults(v)
    return json.dumps(la, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def _set_last_applied(obj):
    ann = obj["metadata"].setdefault("annotations", {})
    ann.pop("kubectl.kubernetes.io/last-applied-configuration", None)
    ann["kubectl.kubernetes.io/last-applied-configuration"] = _last_applied(obj)
    # keep the annotation map ordered like the API server (sorted keys)
    obj["metadata"]["annotations"] = dict(sorted(ann.items()))


def _mf_entry(manager, api, time, fv, operation="Update", subresource=None):
    e = {"manager": manager, "operation": operation, "apiVersion": api, "time": time,
         "fieldsType": "FieldsV1", "fieldsV1": fv}
    if subresource:
        e["subresource"] = subresource
    return e


def mk(kind, name, ns, body, labels=None, ann=None, *, existing=False, status=None,
       manager="kubectl-client-side-apply", applied=True, owner=None, extra_status_manager=None):
    """Build an object. existing=True: already stored (old objects); else a CREATE."""
    api, _, namespaced = KINDS[kind]
    md = {"name": name}
    if namespaced:
        md["namespace"] = ns
    md["uid"] = uid(kind, ns, name)
    if existing:
        md["resourceVersion"] = rv(kind, ns, name)
    if kind in GEN:
        md["generation"] = 1 + (_h("gen" + name + ns) % 6 if existing else 0)
    md["creationTimestamp"] = past(kind, ns, name) if existing else REQ_TIME
    if labels:
        md["labels"] = dict(labels)
    if ann:
        md["annotations"] = dict(ann)
    if owner:
        md["ownerReferences"] = owner
    obj = {"apiVersion": api, "kind": kind, "metadata": md}
    obj.update(copy.deepcopy(body))
    if status is not None:
        obj["status"] = copy.deepcopy(status)
    if applied and manager == "kubectl-client-side-apply":
        _set_last_applied(obj)
    t = md["creationTimestamp"] if not existing else LAST_CHANGE
    mfs = [_mf_entry(manager, api, t, fields(_content(obj)))]
    if existing and status is not None and extra_status_manager:
        mfs.append(_mf_entry(extra_status_manager, api, LAST_CHANGE,
                             {"f:status": fields(status, 1)}, subresource="status"))
    md["managedFields"] = mfs
    return obj


def evolve(old, fn, manager="kubectl-client-side-apply", reapply=None):
    """New object for an UPDATE: copy old, let fn mutate it, fix up metadata."""
    new = copy.deepcopy(old)
    fn(new)
    if reapply is None:
        reapply = manager == "kubectl-client-side-apply"
    if reapply:
        _set_last_applied(new)
    md = new["metadata"]
    spec_changed = {k: v for k, v in old.items() if k not in ("metadata", "status")} != \
                   {k: v for k, v in new.items() if k not in ("metadata", "status")}
    if "generation" in md and spec_changed:
        md["generation"] = old["metadata"]["generation"] + 1
    fv = diff_fields(_content(old), _content(new))
    mfs = [m for m in md.get("managedFields", []) if not (m["manager"] == manager and not m.get("subresource"))]
    mfs.append(_mf_entry(manager, new["apiVersion"], REQ_TIME, fv))
    md["managedFields"] = mfs
    return new


def scale(parent_kind, name, ns, replicas, status_replicas, selector, existing_rv=None):
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {"name": name, "namespace": ns, "uid": uid(parent_kind, ns, name),
                         "resourceVersion": existing_rv or rv(parent_kind, ns, name),
                         "creationTimestamp": past(parent_kind, ns, name)},
            "spec": {"replicas": replicas},
            "status": {"replicas": status_replicas, "selector": selector}}


# ---------------------------------------------------------------- workloads

def env(*pairs):
    out = []
    for p in pairs:
        if isinstance(p, dict):
            out.append(p)
        else:
            out.append({"name": p[0], "value": p[1]})
    return out


def secret_env(name, secret, key):
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def cm_env(name, cm, key):
    return {"name": name, "valueFrom": {"configMapKeyRef": {"name": cm, "key": key}}}


def field_env(name, path):
    return {"name": name, "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": path}}}


def probe(path, port, initial=10, period=10, failure=3):
    return {"httpGet": {"path": path, "port": port, "scheme": "HTTP"}, "initialDelaySeconds": initial,
            "timeoutSeconds": 2, "periodSeconds": period, "successThreshold": 1,
            "failureThreshold": failure}


RESTRICTED_SC = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                 "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}


def container(name, image, *, ports=None, envs=None, req=("100m", "128Mi"), lim=("500m", "512Mi"),
              liveness=None, readiness=None, args=None, command=None, mounts=None, sc="restricted",
              pull="IfNotPresent", env_from=None):
    c = {"name": name, "image": image}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if ports:
        c["ports"] = ports
    if env_from:
        c["envFrom"] = env_from
    if envs:
        c["env"] = envs
    res = {}
    if lim:
        res["limits"] = {"cpu": lim[0], "memory": lim[1]} if lim[0] else {"memory": lim[1]}
    if req:
        res["requests"] = {"cpu": req[0], "memory": req[1]}
    c["resources"] = res
    if mounts:
        c["volumeMounts"] = mounts
    if liveness:
        c["livenessProbe"] = liveness
    if readiness:
        c["readinessProbe"] = readiness
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["imagePullPolicy"] = pull
    if sc == "restricted":
        c["securityContext"] = copy.deepcopy(RESTRICTED_SC)
    elif sc:
        c["securityContext"] = sc
    return c


def port(name, n, proto="TCP"):
    return {"name": name, "containerPort": n, "protocol": proto}


def pod_spec(containers, *, sa=None, volumes=None, init=None, tolerations=None, node_selector=None,
             affinity=None, grace=30, restart="Always", pod_sc=None, extra=None):
    s = {}
    if volumes:
        s["volumes"] = volumes
    if init:
        s["initContainers"] = init
    s["containers"] = containers
    s["restartPolicy"] = restart
    s["terminationGracePeriodSeconds"] = grace
    s["dnsPolicy"] = "ClusterFirst"
    if node_selector:
        s["nodeSelector"] = node_selector
    if sa:
        s["serviceAccountName"] = sa
        s["serviceAccount"] = sa
    s["securityContext"] = pod_sc if pod_sc is not None else {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    if affinity:
        s["affinity"] = affinity
    s["schedulerName"] = "default-scheduler"
    if tolerations:
        s["tolerations"] = tolerations
    if extra:
        s.update(extra)
    return s


def template(labels, spec, ann=None):
    md = {"creationTimestamp": None, "labels": dict(labels)}
    if ann:
        md["annotations"] = dict(ann)
    return {"metadata": md, "spec": spec}


def deploy_body(sel, replicas, tmpl, strategy=None):
    return {"spec": {
        "replicas": replicas,
        "selector": {"matchLabels": dict(sel)},
        "template": tmpl,
        "strategy": strategy or {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
        "revisionHistoryLimit": 10,
        "progressDeadlineSeconds": 600}}


def deploy_status(replicas, gen, name):
    return {"observedGeneration": gen, "replicas": replicas, "updatedReplicas": replicas,
            "readyReplicas": replicas, "availableReplicas": replicas,
            "conditions": [
                {"type": "Available", "status": "True", "lastUpdateTime": LAST_CHANGE,
                 "lastTransitionTime": LAST_CHANGE, "reason": "MinimumReplicasAvailable",
                 "message": "Deployment has minimum availability."},
                {"type": "Progressing", "status": "True", "lastUpdateTime": LAST_CHANGE,
                 "lastTransitionTime": PAST[0], "reason": "NewReplicaSetAvailable",
                 "message": 'ReplicaSet "%s-%s" has successfully progressed.' % (name, "%010x" % (_h(name) % 0xffffffffff))}]}


def deployment(name, ns, replicas, tmpl, *, labels=None, ann=None, existing=True, strategy=None,
               manager="kubectl-client-side-apply", sel=None):
    labels = labels or {"app.kubernetes.io/name": name}
    sel = sel or {"app.kubernetes.io/name": name}
    body = deploy_body(sel, replicas, tmpl, strategy)
    ann = dict(ann or {})
    if existing:
        ann.setdefault("deployment.kubernetes.io/revision", str(3 + _h(name) % 17))
    st = deploy_status(replicas, 1 + _h("gen" + name + ns) % 6, name) if existing else {}
    return mk("Deployment", name, ns, body, labels, ann, existing=existing, status=st, manager=manager,
              extra_status_manager="kube-controller-manager")


def service(name, ns, sel, ports, *, labels=None, ann=None, existing=True, typ="ClusterIP"):
    ip = "10.96.%d.%d" % (_h(name) % 250 + 1, _h(ns + name) % 250 + 2)
    spec = {"ports": ports, "selector": sel, "clusterIP": ip, "clusterIPs": [ip], "type": typ,
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    return mk("Service", name, ns, {"spec": spec}, labels or {"app.kubernetes.io/name": name}, ann,
              existing=existing, status={"loadBalancer": {}})


def svc_port(name, port_, target, proto="TCP"):
    return {"name": name, "protocol": proto, "port": port_, "targetPort": target}


def configmap(name, ns, data, *, labels=None, ann=None, existing=True, manager="kubectl-client-side-apply"):
    return mk("ConfigMap", name, ns, {"data": data}, labels, ann, existing=existing, manager=manager)


def secret(name, ns, data, *, labels=None, ann=None, existing=True, typ="Opaque", manager="kubectl-client-side-apply"):
    import base64
    enc = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    return mk("Secret", name, ns, {"data": enc, "type": typ}, labels, ann, existing=existing, manager=manager)


def cr(kind, name, ns, spec, *, labels=None, ann=None, existing=True, status=None, manager="kubectl-client-side-apply",
       status_manager=None):
    return mk(kind, name, ns, {"spec": spec}, labels, ann, existing=existing, status=status, manager=manager,
              extra_status_manager=status_manager)


def cond(typ="Ready", status="True", reason="Ready", message="", t=LAST_CHANGE, gen=None):
    c = {"type": typ, "status": status, "lastTransitionTime": t, "reason": reason, "message": message}
    if gen is not None:
        c["observedGeneration"] = gen
    return c


LOREM = ("Change record CHG-{n}: routine maintenance window notes. Owner rotation, paging policy "
         "and runbook links are tracked in the platform wiki; nothing here affects runtime behaviour. ")


def padding(n_chunks):
    return "".join(LOREM.format(n=4100 + i) for i in range(n_chunks))


# ---------------------------------------------------------------- cases

def case(category, op, obj=None, old=None, why="", sub="", parent=None):
    expect = "allow" if category.startswith("aligned") else "deny"
    ref = obj if obj is not None else old
    if sub == "scale":
        api, plural, _ = KINDS[parent]
    else:
        api, plural, _ = KINDS[ref["kind"]]
    group, version = (api.split("/") if "/" in api else ("", api))
    return {"category": category, "expect": expect, "operation": op, "group": group, "version": version,
            "resource": plural, "subresource": sub, "kind": ref["kind"],
            "namespace": ref["metadata"].get("namespace", ""), "name": ref["metadata"]["name"],
            "object": obj, "oldObject": old, "why": why}


def create(category, obj, why):
    return case(category, "CREATE", obj=obj, why=why)


def update(category, old, new, why):
    return case(category, "UPDATE", obj=new, old=old, why=why)


def delete(category, old, why):
    return case(category, "DELETE", old=old, why=why)


def scale_case(category, parent, name, ns, frm, to, selector, why):
    old = scale(parent, name, ns, frm, frm, selector)
    new = scale(parent, name, ns, to, frm, selector)
    return case(category, "UPDATE", obj=new, old=old, why=why, sub="scale", parent=parent)
