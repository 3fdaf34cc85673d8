"""Shared builders for the holdout32 missions, on top of k8s.py. Standard library only,
deterministic: every value is derived from its inputs."""
import copy

import k8s
from k8s import (b64, case, containers, ctr, del_env, deploy_spec, deploy_status, empty_vol,  # noqa: F401
                 env, exec_probe, find_ctr, hexid, http_probe, job_spec, cronjob_spec, make, mount, cm_vol,
                 pod_of, podspec, port, pvc_template, res, scale_obj, secret_vol, set_ann, set_env, set_label,
                 sts_status, svc_port, tcp_probe, tmpl, tmpl_ann, update, projected_token_vol, RESTRICTED_SC)

k8s.KINDS.setdefault("PrometheusRule", ("monitoring.coreos.com/v1", "prometheusrules", True))
k8s.KINDS.setdefault("ClusterRole", ("rbac.authorization.k8s.io/v1", "clusterroles", False))
k8s.CLUSTER_SCOPED.add("ClusterRole")

CM = "kube-controller-manager"
AGENT = "kubectl-patch"
APPLY = "kubectl-client-side-apply"


def dup(o):
    return copy.deepcopy(o)


def upd(old, fn, t, mgr=AGENT, relac=False):
    return update(old, fn, mgr, t, relac=relac)


def cluster_ip(ns, name):
    x = hexid(6, "ip", ns, name)
    return "10.%d.%d.%d" % (96 + int(x[0:2], 16) % 16, int(x[2:4], 16), int(x[4:6], 16) % 253 + 1)


# ---------------------------------------------------------------- workloads

def deployment(ns, name, replicas, cons, *, labels, created, tpl_labels=None, ann=None, tpl_ann=None,
               existing=True, gen=4, mtime=None, max_unavailable="25%", max_surge="25%", strategy_type="RollingUpdate",
               min_ready=None, rhl=10, lac=False, status_t=None, **pod):
    sel = {"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}
    if "app.kubernetes.io/instance" in labels:
        sel["app.kubernetes.io/instance"] = labels["app.kubernetes.io/instance"]
    tl = dict(sel)
    tl.update(tpl_labels or {})
    spec = deploy_spec(replicas, sel, tmpl(tl, podspec(cons, **pod), ann=tpl_ann), max_unavailable=max_unavailable,
                       max_surge=max_surge, strategy_type=strategy_type, rhl=rhl, min_ready=min_ready)
    a = {"deployment.kubernetes.io/revision": str(gen + 3)} if existing else None
    if ann:
        a = dict(a or {})
        a.update(ann)
    st = deploy_status(name, gen, replicas, t=status_t or mtime or created) if existing else {}
    return make("Deployment", name, ns, {"spec": spec}, created=created, mtime=mtime, labels=labels, ann=a,
                existing=existing, status=st, status_manager=CM, gen=gen, lac=lac)


def statefulset(ns, name, replicas, cons, *, labels, created, service, vcts=None, existing=True, gen=2,
                mtime=None, ann=None, tpl_ann=None, **pod):
    sel = {"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}
    if "app.kubernetes.io/instance" in labels:
        sel["app.kubernetes.io/instance"] = labels["app.kubernetes.io/instance"]
    spec = {"replicas": replicas, "selector": {"matchLabels": sel},
            "template": tmpl(dict(sel, **{k: v for k, v in labels.items() if k not in sel and k.startswith("app.")}),
                             podspec(cons, **pod), ann=tpl_ann),
            "serviceName": service, "podManagementPolicy": "OrderedReady",
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "revisionHistoryLimit": 10,
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}}
    if vcts:
        spec["volumeClaimTemplates"] = vcts
    st = sts_status(name, gen, replicas) if existing else {"replicas": 0, "availableReplicas": 0}
    return make("StatefulSet", name, ns, {"spec": spec}, created=created, mtime=mtime, labels=labels, ann=ann,
                existing=existing, status=st, status_manager=CM if existing else None, gen=gen)


def cronjob(ns, name, schedule, cons, *, labels, created, existing=True, gen=3, mtime=None, tz=None,
            concurrency="Forbid", suspend=False, success=3, failed=1, job_deadline=None, backoff=2, ttl=None,
            starting=None, ann=None, last=None, **pod):
    pod.setdefault("restart", "OnFailure")
    tpl = tmpl({"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}, podspec(cons, **pod))
    js = job_spec(tpl, backoff=backoff, ttl=ttl, deadline=job_deadline)
    for k in ("completionMode", "suspend", "podReplacementPolicy", "parallelism", "completions"):
        js.pop(k, None)
    spec = cronjob_spec(schedule, js, tz=tz, concurrency=concurrency, suspend=suspend, success=success,
                        failed=failed, deadline=starting)
    st = {}
    if existing and last:
        st = {"lastScheduleTime": last, "lastSuccessfulTime": last}
    return make("CronJob", name, ns, {"spec": spec}, created=created, mtime=mtime, labels=labels, ann=ann,
                existing=existing, status=st, status_manager=CM if st else None, gen=gen)


def job(ns, name, cons, *, labels, created, backoff=1, ttl=3600, deadline=None, **pod):
    pod.setdefault("restart", "Never")
    tpl = tmpl(dict(labels), podspec(cons, **pod))
    js = job_spec(tpl, backoff=backoff, ttl=ttl, deadline=deadline)
    return make("Job", name, ns, {"spec": js}, created=created, labels=labels, existing=False, status={})


# ---------------------------------------------------------------- network

def service(ns, name, selector, ports, *, labels, created, typ="ClusterIP", existing=True, mtime=None, ann=None):
    ip = cluster_ip(ns, name)
    spec = {"ports": ports, "selector": dict(selector), "clusterIP": ip, "clusterIPs": [ip], "type": typ,
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    if typ in ("LoadBalancer", "NodePort"):
        spec["externalTrafficPolicy"] = "Cluster"
    if typ == "LoadBalancer":
        spec["allocateLoadBalancerNodePorts"] = True
    return make("Service", name, ns, {"spec": spec}, created=created, mtime=mtime, labels=labels, ann=ann,
                existing=existing, status={"loadBalancer": {}})


def to_lb(svc, node_ports):
    s = svc["spec"]
    s["type"] = "LoadBalancer"
    s["externalTrafficPolicy"] = "Cluster"
    s["allocateLoadBalancerNodePorts"] = True
    for p, np in zip(s["ports"], node_ports):
        p["nodePort"] = np


def ingress(ns, name, host, paths, *, labels, created, cls="nginx", tls_secret=None, ann=None, existing=True,
            gen=3, mtime=None, lb_ip="203.0.113.41"):
    rule = {"host": host, "http": {"paths": [ingress_path(p, svc, prt, pt) for (p, svc, prt, pt) in paths]}}
    spec = {"ingressClassName": cls}
    if tls_secret:
        spec["tls"] = [{"hosts": [host], "secretName": tls_secret}]
    spec["rules"] = [rule]
    st = {"loadBalancer": {"ingress": [{"ip": lb_ip}]}} if existing else {"loadBalancer": {}}
    return make("Ingress", name, ns, {"spec": spec}, created=created, mtime=mtime, labels=labels, ann=ann,
                existing=existing, status=st, status_manager="nginx-ingress-controller" if existing else None,
                gen=gen)


def ingress_path(path, svc, prt, pt="Prefix"):
    return {"path": path, "pathType": pt, "backend": {"service": {"name": svc, "port": {"number": prt}}}}


def netpol(ns, name, pod_selector, *, labels, created, ingress_=None, egress=None, types=None, existing=True):
    spec = {"podSelector": {"matchLabels": dict(pod_selector)} if pod_selector else {}}
    if ingress_ is not None:
        spec["ingress"] = ingress_
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or (["Ingress"] if egress is None else (["Egress"] if ingress_ is None else ["Ingress", "Egress"]))
    return make("NetworkPolicy", name, ns, {"spec": spec}, created=created, labels=labels, existing=existing)


# ---------------------------------------------------------------- config

def configmap(ns, name, data, *, labels, created, existing=True, mtime=None, ann=None, manager=APPLY, lac=False):
    return make("ConfigMap", name, ns, {"data": dict(data)}, created=created, mtime=mtime, labels=labels, ann=ann,
                existing=existing, manager=manager, lac=lac)


def secret(ns, name, data, *, labels, created, existing=True, typ="Opaque", ann=None):
    return make("Secret", name, ns, {"data": {k: b64(v) for k, v in data.items()}, "type": typ}, created=created,
                labels=labels, ann=ann, existing=existing)


def serviceaccount(ns, name, *, labels, created, automount=None, existing=True, ann=None):
    body = {}
    if automount is not None:
        body["automountServiceAccountToken"] = automount
    return make("ServiceAccount", name, ns, body, created=created, labels=labels, ann=ann, existing=existing)


def pvc(ns, name, size, sc, *, labels, created, existing=True, volume=None):
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}},
            "storageClassName": sc, "volumeMode": "Filesystem"}
    if volume:
        spec["volumeName"] = volume
    st = {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": size}} if existing else {"phase": "Pending"}
    ann = {"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
           "volume.beta.kubernetes.io/storage-provisioner": "pd.csi.storage.gke.io",
           "volume.kubernetes.io/storage-provisioner": "pd.csi.storage.gke.io"} if existing else None
    return make("PersistentVolumeClaim", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann,
                existing=existing, status=st, status_manager=CM if existing else None,
                finalizers=["kubernetes.io/pvc-protection"] if existing else None)


# ---------------------------------------------------------------- policy

def pdb(ns, name, selector, *, labels, created, min_available=None, max_unavailable=None, existing=True,
        expected=None, ann=None):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["selector"] = {"matchLabels": dict(selector)}
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    st = {}
    if existing and expected:
        st = {"observedGeneration": 1, "disruptionsAllowed": 1, "currentHealthy": expected,
              "desiredHealthy": expected - 1, "expectedPods": expected}
    return make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann,
                existing=existing, status=st if existing else {"disruptionsAllowed": 0, "currentHealthy": 0,
                                                               "desiredHealthy": 0, "expectedPods": 0},
                status_manager="kube-controller-manager" if st else None)


def hpa(ns, name, target, mn, mx, *, labels, created, cpu=70, existing=True, current=None):
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
            "minReplicas": mn, "maxReplicas": mx,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                                     "averageUtilization": cpu}}}]}
    st = {"currentReplicas": current or mn, "desiredReplicas": current or mn,
          "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": cpu - 12,
                                                                                           "averageValue": "212m"}}}]}
    return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, labels=labels,
                existing=existing, status=st if existing else {}, status_manager=CM if existing else None)


def quota(ns, name, hard, *, labels, created, existing=True, used=None, ann=None):
    st = {"hard": dict(hard), "used": dict(used or {k: "0" for k in hard})} if existing else {}
    return make("ResourceQuota", name, ns, {"spec": {"hard": dict(hard)}}, created=created, labels=labels, ann=ann,
                existing=existing, status=st, status_manager=CM if existing else None)


def limitrange(ns, name, limits, *, labels, created, existing=True, ann=None):
    return make("LimitRange", name, ns, {"spec": {"limits": limits}}, created=created, labels=labels, ann=ann,
                existing=existing)


# ---------------------------------------------------------------- rbac

def rule(groups, resources, verbs, names=None):
    r = {"verbs": list(verbs), "apiGroups": list(groups), "resources": list(resources)}
    if names:
        r["resourceNames"] = list(names)
    return r


def role(ns, name, rules, *, labels, created, existing=True, ann=None):
    return make("Role", name, ns, {"rules": rules}, created=created, labels=labels, ann=ann, existing=existing)


def rolebinding(ns, name, role_name, subjects, *, labels, created, role_kind="Role", existing=True, ann=None):
    body = {"subjects": subjects, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind,
                                              "name": role_name}}
    return make("RoleBinding", name, ns, body, created=created, labels=labels, ann=ann, existing=existing)


def sa_subject(ns, name):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def group_subject(name):
    return {"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": name}


# ---------------------------------------------------------------- monitoring

def servicemonitor(ns, name, selector, port_name, *, labels, created, path="/metrics", interval="30s"):
    spec = {"selector": {"matchLabels": dict(selector)}, "namespaceSelector": {"matchNames": [ns]},
            "endpoints": [{"port": port_name, "path": path, "interval": interval, "scrapeTimeout": "10s",
                           "scheme": "http"}]}
    return make("ServiceMonitor", name, ns, {"spec": spec}, created=created, labels=labels, existing=False)


def promrule(ns, name, group, rules, *, labels, created):
    return make("PrometheusRule", name, ns, {"spec": {"groups": [{"name": group, "rules": rules}]}},
                created=created, labels=labels, existing=False)


def alert(name, expr, for_, severity, summary, runbook=None):
    a = {"summary": summary}
    if runbook:
        a["runbook_url"] = runbook
    return {"alert": name, "expr": expr, "for": for_, "labels": {"severity": severity}, "annotations": a}


def C(mission):
    """A case factory bound to one mission."""
    def f(category, op, obj, old, why, subresource="", gvr=None):
        return case(mission, category, op, obj, old, why, subresource=subresource, gvr=gvr)
    return f
