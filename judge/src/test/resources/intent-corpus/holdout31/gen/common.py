"""Shared builders for the holdout31 missions, on top of k8s.py. Deterministic, standard library only."""
import copy
import json

import k8s
from k8s import (KINDS, make, update, case, scale_obj, ctr, port, svc_port, env, http_probe, tcp_probe,  # noqa: F401
                 exec_probe, res, mount, podspec, tmpl, deploy_spec, deploy_status, cm_vol, secret_vol,
                 empty_vol, job_spec, cronjob_spec, job_labels_for, set_ann, set_label, containers, pod_of,
                 tmpl_ann, find_ctr, set_env, del_env, mkuid, hexid, b64, RESTRICTED_SC, projected_token_vol, host_vol)

KINDS.setdefault("Certificate", ("cert-manager.io/v1", "certificates", True))
KINDS.setdefault("PrometheusRule", ("monitoring.coreos.com/v1", "prometheusrules", True))
KINDS.setdefault("Issuer", ("cert-manager.io/v1", "issuers", True))

RESTART = "kubectl.kubernetes.io/restartedAt"


def std_labels(app, component, part_of, version=None, extra=None):
    lb = {"app": app, "app.kubernetes.io/name": app, "app.kubernetes.io/component": component,
          "app.kubernetes.io/part-of": part_of}
    if version:
        lb["app.kubernetes.io/version"] = version
    if extra:
        lb.update(extra)
    return lb


def deployment(ns, name, pod, *, replicas, labels, created, gen=4, ann=None, tann=None, selector=None,
               ready=None, status_time="2025-03-02T08:15:00Z", manager="kubectl-client-side-apply",
               existing=True, **strategy):
    sel = selector or {"app": labels["app"]}
    tl = dict(sel)
    for k in ("app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of"):
        if k in labels:
            tl[k] = labels[k]
    t = tmpl(tl, pod, ann=tann)
    body = {"spec": deploy_spec(replicas, sel, t, **strategy)}
    a = dict(ann or {})
    if existing:
        st = deploy_status(name, gen, replicas, ready=ready, t=status_time)
    else:
        st = {}
    d = make("Deployment", name, ns, body, created=created, manager=manager, labels=labels, ann=a or None,
                existing=existing, status=st, status_manager="kube-controller-manager", gen=gen, lac=True,
                extra_managers=[("kube-controller-manager", "Update", status_time,
                                 {"metadata": {"annotations": {"deployment.kubernetes.io/revision": str(gen)}}})]
                if existing else None)
    if existing:
        # set by the deployment controller, so neither in last-applied nor in kubectl's managed fields
        md = d["metadata"]
        md["annotations"] = dict([("deployment.kubernetes.io/revision", str(gen))] + list((md.get("annotations") or {}).items()))
    return d


def obj(kind, name, ns, body, *, created, labels=None, ann=None, gen=1, status=None, existing=True,
        manager="kubectl-client-side-apply", status_manager=None, lac=True, owner=None, finalizers=None):
    return make(kind, name, ns, body, created=created, manager=manager, labels=labels, ann=ann, gen=gen,
                existing=existing, status=status, status_manager=status_manager, lac=lac, owner=owner,
                finalizers=finalizers)


def new(kind, name, ns, body, *, created, labels=None, ann=None, manager="kubectl-client-side-apply",
        status=None, lac=True):
    return make(kind, name, ns, body, created=created, manager=manager, labels=labels, ann=ann,
                existing=False, status=status, lac=lac)


def configmap(ns, name, data, *, created, labels=None, ann=None, existing=True, manager="kubectl-client-side-apply"):
    return make("ConfigMap", name, ns, {"data": dict(data)}, created=created, manager=manager, labels=labels,
                ann=ann, existing=existing, lac=True)


def upd(old, fn, time, mgr="kubectl-patch", relac=False):
    return update(old, fn, mgr, time, relac=relac)


def apply_(old, fn, time):
    """kubectl apply of an edited manifest: the last-applied annotation follows the change."""
    o = update(old, fn, "kubectl-client-side-apply", time, relac=True)
    ann = o["metadata"].get("annotations") or {}
    if k8s.LAC in ann and "deployment.kubernetes.io/revision" in ann:
        la = json.loads(ann[k8s.LAC])
        la_ann = la["metadata"].get("annotations", {})
        la_ann.pop("deployment.kubernetes.io/revision", None)
        if not la_ann:
            la["metadata"].pop("annotations", None)
        ann[k8s.LAC] = json.dumps(la, sort_keys=True, separators=(",", ":")) + "\n"
    return o


def restart(o, t):
    tmpl_ann(o, RESTART, t)


def scale_case(M, cat, dep, frm, to, why):
    sel = ",".join("%s=%s" % kv for kv in sorted(dep["spec"]["selector"]["matchLabels"].items()))
    old = scale_obj(dep, frm, frm, sel)
    new_ = scale_obj(dep, to, frm, sel)
    return case(M, cat, "UPDATE", new_, old, why, subresource="scale", gvr=("apps", "v1", "deployments"))


def pdb(ns, name, sel, *, created, min_available=None, max_unavailable=None, labels=None, existing=False,
        expected=3):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["selector"] = {"matchLabels": dict(sel)}
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    st = None
    if existing:
        st = {"observedGeneration": 1, "disruptionsAllowed": 1, "currentHealthy": expected,
              "desiredHealthy": expected - 1, "expectedPods": expected,
              "conditions": [{"type": "DisruptionAllowed", "status": "True", "observedGeneration": 1,
                              "lastTransitionTime": created, "reason": "SufficientPods", "message": ""}]}
    return make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, labels=labels,
                existing=existing, status=st, status_manager="kube-controller-manager" if existing else None,
                lac=True)


def hpa(ns, name, target, mn, mx, *, created, cpu=None, memory=None, behavior=None, labels=None, ann=None,
        existing=False, current=None):
    metrics = []
    if cpu is not None:
        metrics.append({"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                                    "averageUtilization": cpu}}})
    if memory is not None:
        metrics.append({"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization",
                                                                                       "averageUtilization": memory}}})
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
            "minReplicas": mn, "maxReplicas": mx, "metrics": metrics}
    if behavior:
        spec["behavior"] = behavior
    st = {"currentMetrics": None, "desiredReplicas": 0, "currentReplicas": 0} if not existing else {
        "lastScaleTime": created, "currentReplicas": current or mn, "desiredReplicas": current or mn,
        "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": "212m",
                                                                                        "averageUtilization": 42}}}],
        "conditions": [{"type": "AbleToScale", "status": "True", "lastTransitionTime": created,
                        "reason": "ReadyForNewScale", "message": "recommended size matches current size"}]}
    return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann,
                existing=existing, status=st if existing else None, status_manager="kube-controller-manager",
                lac=True)


def service(ns, name, sel, ports, *, created, labels=None, ann=None, typ="ClusterIP", cluster_ip="10.96.0.10",
            existing=True):
    spec = {"ports": ports, "selector": dict(sel), "clusterIP": cluster_ip, "clusterIPs": [cluster_ip],
            "type": typ, "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    return make("Service", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann,
                status={"loadBalancer": {}}, lac=True, existing=existing)


def servicemonitor(ns, name, sel, port_name, *, created, interval="30s", labels=None, path="/metrics",
                   existing=False, extra_ep=None):
    ep = {"port": port_name, "path": path, "interval": interval, "scrapeTimeout": "10s", "scheme": "http"}
    if extra_ep:
        ep.update(extra_ep)
    spec = {"selector": {"matchLabels": dict(sel)}, "namespaceSelector": {"matchNames": [ns]},
            "endpoints": [ep]}
    return make("ServiceMonitor", name, ns, {"spec": spec}, created=created, labels=labels, existing=existing,
                lac=True)


def cronjob(ns, name, schedule, pod, *, created, labels=None, existing=True, tz=None, gen=2):
    jl = dict(labels or {})
    js = job_spec(tmpl(jl, pod), backoff=2, ttl=86400)
    body = {"spec": cronjob_spec(schedule, js, tz=tz)}
    st = {"lastScheduleTime": "2025-03-01T02:00:00Z", "lastSuccessfulTime": "2025-03-01T02:04:12Z"} if existing else {}
    return make("CronJob", name, ns, body, created=created, labels=labels, existing=existing, status=st,
                status_manager="kube-controller-manager", gen=gen, lac=True)


def job(ns, name, pod, *, created, labels=None, ann=None, backoff=3, ttl=None, deadline=None, existing=False,
        status=None, manager="kubectl-create"):
    uid = mkuid("Job", ns, name, created)
    jl = job_labels_for(name, uid)
    tl = dict(labels or {})
    tl.update(jl)
    js = job_spec(tmpl(tl, pod), backoff=backoff, ttl=ttl, deadline=deadline, selector_uid=uid)
    lb = dict(labels or {})
    lb.update(jl)
    return make("Job", name, ns, {"spec": js}, created=created, labels=lb, ann=ann, existing=existing,
                status=status if status is not None else ({} if not existing else None),
                status_manager="kube-controller-manager", manager=manager, lac=False)


def rules(*triples):
    return [{"apiGroups": list(g), "resources": list(r), "verbs": list(v)} for (g, r, v) in triples]


def role(ns, name, rule_list, *, created, labels=None, ann=None, existing=False):
    return make("Role", name, ns, {"rules": rule_list}, created=created, labels=labels, ann=ann,
                existing=existing, lac=True)


def rolebinding(ns, name, role_kind, role_name, subjects, *, created, labels=None, ann=None, existing=False):
    body = {"subjects": subjects, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind,
                                              "name": role_name}}
    return make("RoleBinding", name, ns, body, created=created, labels=labels, ann=ann, existing=existing,
                lac=True)


def sa_subject(name, ns):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def netpol(ns, name, pod_sel, *, ingress=None, egress=None, types=None, created, labels=None, ann=None,
           existing=False):
    spec = {"podSelector": {"matchLabels": dict(pod_sel)} if pod_sel else {}}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or (["Ingress"] + (["Egress"] if egress is not None else []))
    return make("NetworkPolicy", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann,
                existing=existing, lac=True)


def secret(ns, name, data, *, created, labels=None, ann=None, typ="Opaque", existing=True,
           manager="kubectl-create"):
    body = {"data": {k: b64(v) for k, v in data.items()}, "type": typ}
    return make("Secret", name, ns, body, created=created, labels=labels, ann=ann, existing=existing,
                manager=manager, lac=False)


def deep(o):
    return copy.deepcopy(o)
