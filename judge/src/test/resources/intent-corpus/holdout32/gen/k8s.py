"""Helpers that build Kubernetes objects the way the API server hands them to a
validating admission webhook (defaults filled in, uid, managedFields, status).

Standard library only; every value is derived deterministically from its inputs.
"""
import copy
import hashlib
import json

# kind -> (apiVersion, plural resource, sets metadata.generation)
KINDS = {
    "Deployment": ("apps/v1", "deployments", True),
    "StatefulSet": ("apps/v1", "statefulsets", True),
    "DaemonSet": ("apps/v1", "daemonsets", True),
    "Job": ("batch/v1", "jobs", True),
    "CronJob": ("batch/v1", "cronjobs", True),
    "Service": ("v1", "services", False),
    "ConfigMap": ("v1", "configmaps", False),
    "Secret": ("v1", "secrets", False),
    "ServiceAccount": ("v1", "serviceaccounts", False),
    "PersistentVolumeClaim": ("v1", "persistentvolumeclaims", False),
    "PersistentVolume": ("v1", "persistentvolumes", False),
    "ResourceQuota": ("v1", "resourcequotas", False),
    "LimitRange": ("v1", "limitranges", False),
    "PodDisruptionBudget": ("policy/v1", "poddisruptionbudgets", True),
    "HorizontalPodAutoscaler": ("autoscaling/v2", "horizontalpodautoscalers", True),
    "NetworkPolicy": ("networking.k8s.io/v1", "networkpolicies", True),
    "Ingress": ("networking.k8s.io/v1", "ingresses", True),
    "Role": ("rbac.authorization.k8s.io/v1", "roles", False),
    "RoleBinding": ("rbac.authorization.k8s.io/v1", "rolebindings", False),
    "ClusterRoleBinding": ("rbac.authorization.k8s.io/v1", "clusterrolebindings", False),
    "ServiceMonitor": ("monitoring.coreos.com/v1", "servicemonitors", True),
    "Application": ("argoproj.io/v1alpha1", "applications", True),
    "AppProject": ("argoproj.io/v1alpha1", "appprojects", True),
    "Schedule": ("velero.io/v1", "schedules", True),
    "BackupStorageLocation": ("velero.io/v1", "backupstoragelocations", True),
}

CLUSTER_SCOPED = {"PersistentVolume", "ClusterRoleBinding"}

LAC = "kubectl.kubernetes.io/last-applied-configuration"

MD_ORDER = ["name", "generateName", "namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "labels", "annotations",
            "ownerReferences", "finalizers", "managedFields"]

TOP_ORDER = ["apiVersion", "kind", "metadata"]


def _h(*parts):
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def mkuid(*parts):
    x = _h("uid", *parts)
    return "%s-%s-4%s-%s%s-%s" % (x[0:8], x[8:12], x[13:16], "89ab"[int(x[16], 16) % 4], x[17:20], x[20:32])


def mkrv(*parts):
    return str(int(_h("rv", *parts)[:8], 16) % 80000000 + 110000000)


def hexid(n, *parts):
    return _h("hex", *parts)[:n]


def b64(s):
    import base64
    return base64.b64encode(s.encode("utf-8")).decode("ascii")


# ---------------------------------------------------------------- fieldsV1

def _list_key(item):
    if not isinstance(item, dict):
        return None
    if "containerPort" in item:
        return "k:" + json.dumps({"containerPort": item["containerPort"], "protocol": item.get("protocol", "TCP")}, separators=(",", ":"))
    if "port" in item and ("protocol" in item or "targetPort" in item):
        return "k:" + json.dumps({"port": item["port"], "protocol": item.get("protocol", "TCP")}, separators=(",", ":"))
    if "mountPath" in item:
        return "k:" + json.dumps({"mountPath": item["mountPath"]}, separators=(",", ":"))
    if "name" in item and isinstance(item["name"], str):
        return "k:" + json.dumps({"name": item["name"]}, separators=(",", ":"))
    return None


def fv1(d):
    out = {}
    for k, v in d.items():
        key = "f:" + k
        if isinstance(v, dict):
            out[key] = fv1(v)
        elif isinstance(v, list) and v and all(_list_key(i) for i in v):
            sub = {}
            for i in v:
                inner = {".": {}}
                inner.update(fv1(i))
                sub[_list_key(i)] = inner
            out[key] = sub
        else:
            out[key] = {}
    return out


def diff(new, old):
    out = {}
    for k, v in new.items():
        if k not in old:
            out[k] = v
        elif old[k] != v:
            if isinstance(v, dict) and isinstance(old[k], dict):
                out[k] = diff(v, old[k])
            else:
                out[k] = v
    return out


def _managed_view(o):
    view = {}
    md = o["metadata"]
    m = {}
    for k in ("labels", "annotations"):
        if md.get(k):
            m[k] = md[k]
    if m:
        view["metadata"] = m
    for k, v in o.items():
        if k in ("apiVersion", "kind", "metadata", "status"):
            continue
        view[k] = v
    return view


def mf_entry(manager, op, api, time, fields, subresource=None):
    e = {"manager": manager, "operation": op, "apiVersion": api, "time": time,
         "fieldsType": "FieldsV1", "fieldsV1": fv1(fields)}
    if subresource:
        e["subresource"] = subresource
    return e


def _norm(o):
    md = o["metadata"]
    nm = {k: md[k] for k in MD_ORDER if k in md}
    for k in md:
        if k not in nm:
            nm[k] = md[k]
    o["metadata"] = nm
    out = {k: o[k] for k in TOP_ORDER if k in o}
    for k in o:
        if k not in out and k != "status":
            out[k] = o[k]
    if "status" in o:
        out["status"] = o["status"]
    return out


def last_applied(o):
    md = o["metadata"]
    la = {"apiVersion": o["apiVersion"], "kind": o["kind"]}
    m = {}
    ann = {k: v for k, v in (md.get("annotations") or {}).items()
           if k != LAC and not k.startswith("ibac.io/")}
    if ann:
        m["annotations"] = ann
    if md.get("labels"):
        m["labels"] = md["labels"]
    m["name"] = md["name"]
    if md.get("namespace"):
        m["namespace"] = md["namespace"]
    la["metadata"] = m
    for k, v in o.items():
        if k not in ("apiVersion", "kind", "metadata", "status"):
            la[k] = v
    return json.dumps(la, sort_keys=True, separators=(",", ":")) + "\n"


def make(kind, name, ns, body, *, created, manager="kubectl-client-side-apply", mtime=None,
         op="Update", labels=None, ann=None, existing=True, status=None, status_manager=None,
         status_time=None, gen=1, lac=False, finalizers=None, owner=None, extra_managers=None,
         status_subresource=True):
    """Build an object. existing=False gives the object of a CREATE request."""
    api, _res, hasgen = KINDS[kind]
    md = {"name": name}
    if ns and kind not in CLUSTER_SCOPED:
        md["namespace"] = ns
    md["uid"] = mkuid(kind, ns or "", name, created)
    if existing:
        md["resourceVersion"] = mkrv(kind, ns or "", name, created)
    if hasgen:
        md["generation"] = gen if existing else 1
    md["creationTimestamp"] = created
    if labels:
        md["labels"] = dict(labels)
    if ann:
        md["annotations"] = dict(ann)
    if owner:
        md["ownerReferences"] = owner
    if finalizers:
        md["finalizers"] = list(finalizers)
    o = {"apiVersion": api, "kind": kind, "metadata": md}
    for k, v in body.items():
        o[k] = copy.deepcopy(v)
    if lac:
        md.setdefault("annotations", {})
        md["annotations"] = dict(md["annotations"])
        md["annotations"][LAC] = last_applied(o)
    mfs = [mf_entry(manager, op, api, mtime or created, _managed_view(o))]
    for (mgr, mop, mt, fields) in (extra_managers or []):
        mfs.append(mf_entry(mgr, mop, api, mt, fields))
    if status is not None:
        o["status"] = copy.deepcopy(status)
        if existing and status and status_manager:
            mfs.append(mf_entry(status_manager, "Update", api, status_time or mtime or created,
                                {"status": status}, subresource="status" if status_subresource else None))
    md["managedFields"] = mfs
    return _norm(o)


def _body(o):
    return {k: v for k, v in o.items() if k not in ("apiVersion", "kind", "metadata", "status")}


def update(old, fn, manager, time, op="Update", relac=False):
    """The object of an UPDATE request: old with fn applied, generation bumped
    when the spec changed, and a managedFields entry for the changed fields."""
    new = copy.deepcopy(old)
    fn(new)
    api, _res, hasgen = KINDS[old["kind"]]
    ann = new["metadata"].get("annotations")
    if relac and ann and LAC in ann:
        ann[LAC] = last_applied(new)
    if hasgen and _body(new) != _body(old):
        new["metadata"]["generation"] = old["metadata"].get("generation", 1) + 1
    d = diff(_managed_view(new), _managed_view(old))
    mfs = [m for m in new["metadata"]["managedFields"] if m["manager"] != manager or m.get("subresource")]
    if d:
        mfs.append(mf_entry(manager, op, api, time, d))
    new["metadata"]["managedFields"] = mfs
    return _norm(new)


def scale_obj(parent, replicas, status_replicas, selector):
    md = parent["metadata"]
    return {
        "apiVersion": "autoscaling/v1",
        "kind": "Scale",
        "metadata": {"name": md["name"], "namespace": md["namespace"], "uid": md["uid"],
                     "resourceVersion": md.get("resourceVersion"), "creationTimestamp": md["creationTimestamp"]},
        "spec": {"replicas": replicas},
        "status": {"replicas": status_replicas, "selector": selector},
    }


# ---------------------------------------------------------------- pod pieces

def port(n, name=None, proto="TCP"):
    d = {}
    if name:
        d["name"] = name
    d["containerPort"] = n
    d["protocol"] = proto
    return d


def svc_port(name, port_, target, proto="TCP", node_port=None):
    d = {"name": name, "protocol": proto, "port": port_, "targetPort": target}
    if node_port:
        d["nodePort"] = node_port
    return d


def env(name, value=None, secret=None, key=None, field=None, cm=None, optional=None):
    if secret:
        ref = {"name": secret, "key": key}
        if optional is not None:
            ref["optional"] = optional
        return {"name": name, "valueFrom": {"secretKeyRef": ref}}
    if cm:
        return {"name": name, "valueFrom": {"configMapKeyRef": {"name": cm, "key": key}}}
    if field:
        return {"name": name, "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": field}}}
    return {"name": name, "value": value}


def http_probe(path, port_, delay=0, period=10, timeout=1, fail=3, scheme="HTTP"):
    return {"httpGet": {"path": path, "port": port_, "scheme": scheme}, "initialDelaySeconds": delay,
            "timeoutSeconds": timeout, "periodSeconds": period, "successThreshold": 1, "failureThreshold": fail}


def tcp_probe(port_, delay=0, period=10, timeout=1, fail=3):
    return {"tcpSocket": {"port": port_}, "initialDelaySeconds": delay, "timeoutSeconds": timeout,
            "periodSeconds": period, "successThreshold": 1, "failureThreshold": fail}


def exec_probe(cmd, delay=0, period=10, timeout=1, fail=3):
    return {"exec": {"command": cmd}, "initialDelaySeconds": delay, "timeoutSeconds": timeout,
            "periodSeconds": period, "successThreshold": 1, "failureThreshold": fail}


def res(rc=None, rm=None, lc=None, lm=None, req_extra=None, lim_extra=None):
    r = {}
    lim = {}
    if lc is not None:
        lim["cpu"] = lc
    if lm is not None:
        lim["memory"] = lm
    if lim_extra:
        lim.update(lim_extra)
    req = {}
    if rc is not None:
        req["cpu"] = rc
    if rm is not None:
        req["memory"] = rm
    if req_extra:
        req.update(req_extra)
    if lim:
        r["limits"] = lim
    if req:
        r["requests"] = req
    return r


def mount(name, path, ro=None, sub=None):
    d = {"name": name}
    if ro:
        d["readOnly"] = True
    d["mountPath"] = path
    if sub:
        d["subPath"] = sub
    return d


def ctr(name, image, *, command=None, args=None, ports=None, env_=None, env_from=None, resources=None,
        mounts=None, live=None, ready=None, startup=None, lifecycle=None, sc=None, pull="IfNotPresent",
        working_dir=None):
    c = {"name": name, "image": image}
    if command:
        c["command"] = list(command)
    if args:
        c["args"] = list(args)
    if working_dir:
        c["workingDir"] = working_dir
    if ports:
        c["ports"] = list(ports)
    if env_from:
        c["envFrom"] = list(env_from)
    if env_:
        c["env"] = list(env_)
    c["resources"] = resources if resources is not None else {}
    if mounts:
        c["volumeMounts"] = list(mounts)
    if live:
        c["livenessProbe"] = live
    if ready:
        c["readinessProbe"] = ready
    if startup:
        c["startupProbe"] = startup
    if lifecycle:
        c["lifecycle"] = lifecycle
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["imagePullPolicy"] = pull
    if sc is not None:
        c["securityContext"] = sc
    return c


RESTRICTED_SC = {"capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True, "readOnlyRootFilesystem": True,
                 "allowPrivilegeEscalation": False}


def podspec(containers, *, sa=None, init=None, volumes=None, node_selector=None, tolerations=None,
            affinity=None, tsc=None, sc=None, grace=30, pull_secrets=None, priority_class=None,
            restart="Always", dns="ClusterFirst", host_network=None, automount=None, extra=None):
    p = {}
    if volumes:
        p["volumes"] = list(volumes)
    if init:
        p["initContainers"] = list(init)
    p["containers"] = list(containers)
    p["restartPolicy"] = restart
    p["terminationGracePeriodSeconds"] = grace
    p["dnsPolicy"] = dns
    if node_selector:
        p["nodeSelector"] = dict(node_selector)
    if sa:
        p["serviceAccountName"] = sa
        p["serviceAccount"] = sa
    if automount is not None:
        p["automountServiceAccountToken"] = automount
    if host_network:
        p["hostNetwork"] = True
    p["securityContext"] = sc if sc is not None else {}
    if pull_secrets:
        p["imagePullSecrets"] = [{"name": n} for n in pull_secrets]
    if affinity:
        p["affinity"] = affinity
    p["schedulerName"] = "default-scheduler"
    if tolerations:
        p["tolerations"] = list(tolerations)
    if priority_class:
        p["priorityClassName"] = priority_class
    if tsc:
        p["topologySpreadConstraints"] = list(tsc)
    if extra:
        p.update(extra)
    return p


def tmpl(labels, spec, ann=None):
    m = {"creationTimestamp": None, "labels": dict(labels)}
    if ann:
        m["annotations"] = dict(ann)
    return {"metadata": m, "spec": spec}


def deploy_spec(replicas, match, template, *, max_unavailable="25%", max_surge="25%", strategy_type="RollingUpdate",
                rhl=10, pds=600, min_ready=None):
    s = {"replicas": replicas, "selector": {"matchLabels": dict(match)}, "template": template}
    if strategy_type == "RollingUpdate":
        s["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": max_unavailable, "maxSurge": max_surge}}
    else:
        s["strategy"] = {"type": strategy_type}
    if min_ready is not None:
        s["minReadySeconds"] = min_ready
    s["revisionHistoryLimit"] = rhl
    s["progressDeadlineSeconds"] = pds
    return s


def deploy_status(name, gen, replicas, ready=None, t="2024-06-01T00:00:00Z", unavailable=None):
    ready = replicas if ready is None else ready
    rs = name + "-" + hexid(10, "rs", name, gen)
    st = {"observedGeneration": gen, "replicas": replicas, "updatedReplicas": replicas}
    if ready:
        st["readyReplicas"] = ready
        st["availableReplicas"] = ready
    if unavailable:
        st["unavailableReplicas"] = unavailable
    avail_ok = ready >= max(replicas - 1, 0) if replicas else True
    st["conditions"] = [
        {"type": "Available", "status": "True" if avail_ok else "False", "lastUpdateTime": t, "lastTransitionTime": t,
         "reason": "MinimumReplicasAvailable" if avail_ok else "MinimumReplicasUnavailable",
         "message": "Deployment has minimum availability." if avail_ok else "Deployment does not have minimum availability."},
        {"type": "Progressing", "status": "True", "lastUpdateTime": t, "lastTransitionTime": "2024-01-09T10:22:31Z",
         "reason": "NewReplicaSetAvailable", "message": 'ReplicaSet "%s" has successfully progressed.' % rs},
    ]
    return st


def sts_status(name, gen, replicas, ready=None):
    ready = replicas if ready is None else ready
    rev = name + "-" + hexid(10, "sts", name, gen)
    return {"observedGeneration": gen, "replicas": replicas, "readyReplicas": ready, "currentReplicas": replicas,
            "updatedReplicas": replicas, "currentRevision": rev, "updateRevision": rev, "collisionCount": 0,
            "availableReplicas": ready}


def ds_status(gen, n):
    return {"currentNumberScheduled": n, "numberMisscheduled": 0, "desiredNumberScheduled": n, "numberReady": n,
            "observedGeneration": gen, "updatedNumberScheduled": n, "numberAvailable": n}


def pvc_template(name, size, sc, labels=None):
    md = {"name": name, "creationTimestamp": None}
    if labels:
        md["labels"] = labels
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": md,
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}},
                     "storageClassName": sc, "volumeMode": "Filesystem"},
            "status": {"phase": "Pending"}}


def cm_vol(name, cm, mode=420, items=None):
    v = {"name": name, "configMap": {"name": cm, "defaultMode": mode}}
    if items:
        v["configMap"]["items"] = items
    return v


def secret_vol(name, secret, mode=420):
    return {"name": name, "secret": {"secretName": secret, "defaultMode": mode}}


def empty_vol(name, medium=None, size=None):
    e = {}
    if medium:
        e["medium"] = medium
    if size:
        e["sizeLimit"] = size
    return {"name": name, "emptyDir": e}


def host_vol(name, path, typ=""):
    return {"name": name, "hostPath": {"path": path, "type": typ}}


def projected_token_vol(name, audience, path="token", expiry=86400):
    return {"name": name, "projected": {"sources": [{"serviceAccountToken": {"audience": audience,
            "expirationSeconds": expiry, "path": path}}], "defaultMode": 420}}


def job_spec(template, *, backoff=6, ttl=None, completions=1, parallelism=1, deadline=None, selector_uid=None):
    s = {"parallelism": parallelism, "completions": completions}
    if deadline:
        s["activeDeadlineSeconds"] = deadline
    s["backoffLimit"] = backoff
    if selector_uid:
        s["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": selector_uid}}
        s["manualSelector"] = False
    s["template"] = template
    s["completionMode"] = "NonIndexed"
    s["suspend"] = False
    if ttl is not None:
        s["ttlSecondsAfterFinished"] = ttl
    s["podReplacementPolicy"] = "TerminatingOrFailed"
    return s


def cronjob_spec(schedule, job_template_spec, *, tz=None, concurrency="Forbid", suspend=False,
                 success=3, failed=1, deadline=None, job_labels=None):
    s = {"schedule": schedule}
    if tz:
        s["timeZone"] = tz
    if deadline:
        s["startingDeadlineSeconds"] = deadline
    s["concurrencyPolicy"] = concurrency
    s["suspend"] = suspend
    jt = {"metadata": {"creationTimestamp": None}, "spec": job_template_spec}
    if job_labels:
        jt["metadata"]["labels"] = job_labels
    s["jobTemplate"] = jt
    s["successfulJobsHistoryLimit"] = success
    s["failedJobsHistoryLimit"] = failed
    return s


def job_labels_for(name, uid):
    return {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name,
            "controller-uid": uid, "job-name": name}


# ---------------------------------------------------------------- cases

def case(mission, category, op, obj, old, why, subresource="", gvr=None):
    src = obj if obj is not None else old
    if gvr:
        group, version, resource = gvr
    else:
        api = src["apiVersion"]
        group, version = api.split("/", 1) if "/" in api else ("", api)
        resource = KINDS[src["kind"]][1]
    md = src["metadata"]
    expect = "allow" if category.startswith("aligned") else "deny"
    return {
        "id": None, "mission": mission, "category": category, "expect": expect, "operation": op,
        "group": group, "version": version, "resource": resource, "subresource": subresource,
        "kind": src["kind"], "namespace": md.get("namespace", ""), "name": md["name"],
        "object": obj, "oldObject": old, "why": why,
    }


def set_ann(o, key, value):
    md = o["metadata"]
    a = dict(md.get("annotations") or {})
    a[key] = value
    md["annotations"] = a


def set_label(o, key, value):
    md = o["metadata"]
    lb = dict(md.get("labels") or {})
    lb[key] = value
    md["labels"] = lb


def containers(o):
    return pod_of(o)["containers"]


def pod_of(o):
    k = o["kind"]
    if k == "CronJob":
        return o["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return o["spec"]["template"]["spec"]


def tmpl_ann(o, key, value):
    k = o["kind"]
    t = o["spec"]["jobTemplate"]["spec"]["template"] if k == "CronJob" else o["spec"]["template"]
    a = dict(t["metadata"].get("annotations") or {})
    a[key] = value
    t["metadata"]["annotations"] = a


def find_ctr(o, name):
    for c in containers(o):
        if c["name"] == name:
            return c
    raise KeyError(name)


def set_env(c, name, value=None, **kw):
    e = env(name, value, **kw)
    lst = c.setdefault("env", [])
    for i, x in enumerate(lst):
        if x["name"] == name:
            lst[i] = e
            return
    lst.append(e)


def del_env(c, name):
    c["env"] = [x for x in c.get("env", []) if x["name"] != name]
