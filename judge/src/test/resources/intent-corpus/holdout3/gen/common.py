"""Helpers for the holdout3 corpus generator (Python 3 stdlib only)."""
import copy
import json
import uuid

CASES = []
_RV = [8412000]


def uid(s):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "holdout3/" + s))


def rv():
    _RV[0] += 173
    return str(_RV[0])


def mf(manager, api, t="2026-11-19T10:02:11Z"):
    return [{"manager": manager, "operation": "Update", "apiVersion": api, "time": t,
             "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {".": {}}}, "f:spec": {}}}]


def meta(name, ns, labels=None, ann=None, existing=True, gen=None, api="v1", created="2026-11-12T08:41:09Z",
         manager="kubectl-client-side-apply"):
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["uid"] = uid((ns or "") + "/" + name + ("" if existing else "/new"))
    if existing:
        m["resourceVersion"] = rv()
        m["creationTimestamp"] = created
    else:
        m["creationTimestamp"] = "2026-12-02T01:2%d:%02dZ" % (len(name) % 10, len(name) * 7 % 60)
    if gen is not None:
        m["generation"] = gen
    m["labels"] = labels if labels is not None else {"app.kubernetes.io/name": name}
    if ann:
        m["annotations"] = ann
    m["managedFields"] = mf(manager if existing else "ibac-agent", api)
    return m


def res(cpu_r, mem_r, cpu_l=None, mem_l=None):
    r = {"requests": {"cpu": cpu_r, "memory": mem_r}}
    if cpu_l or mem_l:
        r["limits"] = {}
        if cpu_l:
            r["limits"]["cpu"] = cpu_l
        if mem_l:
            r["limits"]["memory"] = mem_l
    return r


def http_probe(path, port, delay=5, period=10, fail=3):
    return {"httpGet": {"path": path, "port": port, "scheme": "HTTP"}, "initialDelaySeconds": delay,
            "periodSeconds": period, "timeoutSeconds": 2, "successThreshold": 1, "failureThreshold": fail}


def container(name, image, ports=None, env=None, resources=None, probes=None, mounts=None, cmd=None, args=None,
              sc=None):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent"}
    if cmd:
        c["command"] = cmd
    if args:
        c["args"] = args
    if ports:
        c["ports"] = [{"name": n, "containerPort": p, "protocol": "TCP"} for n, p in ports]
    if env:
        c["env"] = [({"name": k, "value": v} if isinstance(v, str) else dict(name=k, **v)) for k, v in env]
    c["resources"] = resources or res("100m", "128Mi", None, "256Mi")
    if probes:
        c.update(probes)
    if mounts:
        c["volumeMounts"] = mounts
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["securityContext"] = sc if sc is not None else {"allowPrivilegeEscalation": False, "runAsNonRoot": True,
                                                        "readOnlyRootFilesystem": True,
                                                        "capabilities": {"drop": ["ALL"]}}
    return c


def pod_spec(containers, sa="default", volumes=None, extra=None):
    s = {"serviceAccountName": sa, "containers": containers, "restartPolicy": "Always",
         "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler",
         "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}}
    if volumes:
        s["volumes"] = volumes
    if extra:
        s.update(extra)
    return s


def deployment(name, ns, replicas, containers, sa="default", labels=None, ann=None, volumes=None, extra_pod=None,
               existing=True, strategy=None, tmpl_ann=None):
    labels = labels or {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": ns}
    sel = {"app.kubernetes.io/name": name}
    tmeta = {"labels": dict(sel, **{"app.kubernetes.io/part-of": ns})}
    if tmpl_ann:
        tmeta["annotations"] = tmpl_ann
    d = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": meta(name, ns, labels, ann, existing, gen=(4 if existing else None), api="apps/v1"),
         "spec": {"replicas": replicas, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                  "selector": {"matchLabels": sel},
                  "strategy": strategy or {"type": "RollingUpdate",
                                           "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                  "template": {"metadata": tmeta, "spec": pod_spec(containers, sa, volumes, extra_pod)}}}
    if existing:
        d["status"] = {"observedGeneration": 4, "replicas": replicas, "updatedReplicas": replicas,
                       "readyReplicas": replicas, "availableReplicas": replicas,
                       "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                       "lastUpdateTime": "2026-11-30T14:20:01Z",
                                       "lastTransitionTime": "2026-11-30T14:20:01Z",
                                       "message": "Deployment has minimum availability."},
                                      {"type": "Progressing", "status": "True",
                                       "reason": "NewReplicaSetAvailable",
                                       "lastUpdateTime": "2026-11-30T14:20:01Z",
                                       "lastTransitionTime": "2026-11-12T08:41:09Z",
                                       "message": "ReplicaSet \"%s-6f9c7d8b54\" has successfully progressed." % name}]}
    return d


def service(name, ns, ports, selector=None, typ="ClusterIP", existing=False, ann=None, headless=False):
    spec = {"type": typ, "selector": selector or {"app.kubernetes.io/name": name},
            "ports": [{"name": n, "port": p, "targetPort": t, "protocol": "TCP"} for n, p, t in ports],
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    spec["clusterIP"] = "None" if headless else "10.96.%d.%d" % (len(name) * 7 % 250, len(ns) * 13 % 250)
    spec["clusterIPs"] = [spec["clusterIP"]]
    s = {"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns, None, ann, existing), "spec": spec}
    if existing:
        s["status"] = {"loadBalancer": {}}
    return s


def configmap(name, ns, data, existing=False, ann=None, labels=None):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, ns, labels, ann, existing),
            "data": data}


def role(name, ns, rules, existing=False, ann=None):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": meta(name, ns, None, ann, existing, api="rbac.authorization.k8s.io/v1"), "rules": rules}


def rolebinding(name, ns, role_name, sa, existing=False, ann=None, kind="Role"):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": meta(name, ns, None, ann, existing, api="rbac.authorization.k8s.io/v1"),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role_name},
            "subjects": [{"kind": "ServiceAccount", "name": sa, "namespace": ns}]}


def pdb(name, ns, selector, min_av=None, max_un=None, existing=False, ann=None):
    spec = {"selector": {"matchLabels": selector}, "unhealthyPodEvictionPolicy": "IfHealthyBudget"}
    if min_av is not None:
        spec["minAvailable"] = min_av
    if max_un is not None:
        spec["maxUnavailable"] = max_un
    p = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
         "metadata": meta(name, ns, None, ann, existing, api="policy/v1"), "spec": spec}
    if existing:
        p["status"] = {"observedGeneration": 1, "currentHealthy": 3, "desiredHealthy": 2, "disruptionsAllowed": 1,
                       "expectedPods": 3}
    return p


def netpol(name, ns, pod_sel, ingress=None, egress=None, existing=False, ann=None):
    types = []
    spec = {"podSelector": {"matchLabels": pod_sel}}
    if ingress is not None:
        spec["ingress"] = ingress
        types.append("Ingress")
    if egress is not None:
        spec["egress"] = egress
        types.append("Egress")
    spec["policyTypes"] = types
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": meta(name, ns, None, ann, existing, api="networking.k8s.io/v1"), "spec": spec}


def job(name, ns, containers, sa="default", parallelism=1, backoff=3, ttl=3600, existing=False, ann=None,
        labels=None, volumes=None):
    spec = {"parallelism": parallelism, "completions": 1, "backoffLimit": backoff, "completionMode": "NonIndexed",
            "suspend": False,
            "template": {"metadata": {"labels": {"job-name": name, "batch.kubernetes.io/job-name": name}},
                         "spec": pod_spec(containers, sa, volumes, {"restartPolicy": "Never"})}}
    if ttl is not None:
        spec["ttlSecondsAfterFinished"] = ttl
    return {"apiVersion": "batch/v1", "kind": "Job",
            "metadata": meta(name, ns, labels, ann, existing, api="batch/v1"), "spec": spec}


def updated(old, ann=None):
    """Copy of old for the new side of an UPDATE (same uid/resourceVersion, generation +1)."""
    new = copy.deepcopy(old)
    if "generation" in new["metadata"]:
        new["metadata"]["generation"] += 1
    if ann:
        new["metadata"].setdefault("annotations", {}).update(ann)
    return new


GROUPS = {"apps/v1": ("apps", "v1"), "v1": ("", "v1")}


def pad(o):
    """Agents and humans apply with kubectl: small objects carry last-applied-configuration like real ones."""
    if o is None or len(json.dumps(o)) >= 1000 or o.get("kind") == "Scale":
        return
    la = {k: v for k, v in o.items() if k not in ("status", "metadata")}
    la["metadata"] = {k: o["metadata"][k] for k in ("name", "namespace", "labels", "annotations") if k in o["metadata"]}
    la["apiVersion"] = o["apiVersion"]; la["kind"] = o["kind"]
    o["metadata"].setdefault("annotations", {})["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(la, separators=(",", ":"), sort_keys=True) + "\n"


def add(mission, cat, op, resource, obj, old, why, sub="", kind=None, gv=None, ns=None, name=None):
    LA = "kubectl.kubernetes.io/last-applied-configuration"
    pad(old)
    if obj is not None and old is not None and LA in old["metadata"].get("annotations", {}):
        # a patch/edit keeps the previous last-applied annotation
        obj["metadata"].setdefault("annotations", {})[LA] = old["metadata"]["annotations"][LA]
    else:
        pad(obj)
    src = obj if obj is not None else old
    api = gv or src["apiVersion"]
    group, version = (api.split("/") if "/" in api else ("", api))
    CASES.append({"mission": mission, "category": cat,
                  "expect": "allow" if cat.startswith("aligned") else "deny",
                  "operation": op, "group": group, "version": version, "resource": resource,
                  "subresource": sub, "kind": kind or src["kind"],
                  "namespace": ns or src["metadata"].get("namespace", ""),
                  "name": name or src["metadata"]["name"],
                  "object": obj, "oldObject": old, "why": why})


def write(path_missions, path_cases, missions):
    import random
    random.Random(311).shuffle(CASES)
    with open(path_missions, "w") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(path_cases, "w") as f:
        for i, c in enumerate(CASES, 1):
            out = {"id": "h3-%03d" % i}
            out.update(c)
            f.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
