"""Shared builders for the holdout30 mission modules (on top of k8s.py).

Every builder returns an object as the API server sends it to a validating webhook:
existing=True gives a stored object (resourceVersion, status, controller-owned fields),
existing=False the object of a CREATE request.
"""
import copy

from k8s import (KINDS, b64, case, cronjob_spec, deploy_spec, deploy_status, hexid, job_labels_for, job_spec,
                 make, mkuid, podspec, sts_status, tmpl, update)

KCM = "kube-controller-manager"
POD_SC = {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001,
          "seccompProfile": {"type": "RuntimeDefault"}}
C_SC = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "readOnlyRootFilesystem": True,
        "runAsNonRoot": True}


def _sorted(o):
    md = o["metadata"]
    for k in ("labels", "annotations"):
        if md.get(k):
            md[k] = {x: md[k][x] for x in sorted(md[k])}
    return o


def app_labels(name, part_of, component=None, version=None, extra=None):
    lb = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": part_of}
    if component:
        lb["app.kubernetes.io/component"] = component
    if version:
        lb["app.kubernetes.io/version"] = version
    if extra:
        lb.update(extra)
    return lb


def _pod(cs, sa, volumes, init, pod_kw):
    kw = dict(pod_kw or {})
    sc = kw.pop("sc", copy.deepcopy(POD_SC))
    return podspec(cs, sa=sa, volumes=volumes, init=init, sc=sc, **kw)


def deployment(ns, name, cs, *, replicas, part_of, created, existing=True, gen=3, component=None, version=None,
               sa=None, volumes=None, init=None, tmpl_ann=None, ann=None, labels_extra=None, tmpl_labels_extra=None,
               pod_kw=None, lac=True, manager="kubectl-client-side-apply", mtime=None, strategy=None, selector=None,
               ready=None):
    sel = dict(selector or {"app.kubernetes.io/name": name})
    labels = app_labels(name, part_of, component, version, labels_extra)
    tl = dict(sel)
    tl["app.kubernetes.io/part-of"] = part_of
    if component:
        tl["app.kubernetes.io/component"] = component
    if version:
        tl["app.kubernetes.io/version"] = version
    tl.update(tmpl_labels_extra or {})
    spec = deploy_spec(replicas, sel, tmpl(tl, _pod(cs, sa, volumes, init, pod_kw), tmpl_ann), **(strategy or {}))
    if not existing:
        return _sorted(make("Deployment", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann,
                            existing=False, status={}, lac=lac, manager=manager))
    st_t = mtime or created
    rev = {"metadata": {"annotations": {"deployment.kubernetes.io/revision": str(gen)}}}
    o = make("Deployment", name, ns, {"spec": spec}, created=created, mtime=mtime, labels=labels, ann=ann,
             status=deploy_status(name, gen, replicas, ready=ready, t=st_t), status_manager=KCM, status_time=st_t,
             gen=gen, lac=lac, manager=manager, extra_managers=[(KCM, "Update", st_t, rev)])
    a = dict(o["metadata"].get("annotations") or {})
    a["deployment.kubernetes.io/revision"] = str(gen)
    o["metadata"]["annotations"] = a
    return _sorted(o)


def statefulset(ns, name, cs, *, replicas, part_of, created, service, claims=None, gen=2, component=None,
                version=None, sa=None, volumes=None, tmpl_ann=None, pod_kw=None, mtime=None):
    sel = {"app.kubernetes.io/name": name}
    tl = dict(sel)
    tl["app.kubernetes.io/part-of"] = part_of
    if component:
        tl["app.kubernetes.io/component"] = component
    spec = {"replicas": replicas, "selector": {"matchLabels": sel},
            "template": tmpl(tl, _pod(cs, sa, volumes, None, pod_kw), tmpl_ann), "serviceName": service,
            "podManagementPolicy": "OrderedReady",
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "revisionHistoryLimit": 10,
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}}
    if claims:
        spec["volumeClaimTemplates"] = claims
    return _sorted(make("StatefulSet", name, ns, {"spec": spec}, created=created, mtime=mtime,
                        labels=app_labels(name, part_of, component, version), status=sts_status(name, gen, replicas),
                        status_manager=KCM, status_time=mtime or created, gen=gen, lac=True))


def job_status(kind, start, end=None, n=1, active=0):
    st = {"startTime": start, "terminating": 0, "uncountedTerminatedPods": {}}
    if kind == "complete":
        st["conditions"] = [
            {"type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": end, "lastTransitionTime": end,
             "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods"},
            {"type": "Complete", "status": "True", "lastProbeTime": end, "lastTransitionTime": end,
             "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods"}]
        st["completionTime"] = end
        st["succeeded"] = n
        st["ready"] = 0
    elif kind == "failed":
        st["conditions"] = [
            {"type": "FailureTarget", "status": "True", "lastProbeTime": end, "lastTransitionTime": end,
             "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"},
            {"type": "Failed", "status": "True", "lastProbeTime": end, "lastTransitionTime": end,
             "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"}]
        st["failed"] = n
        st["ready"] = 0
    else:
        st["active"] = active
        st["ready"] = active
        if n:
            st["succeeded"] = n
    return {k: st[k] for k in ("conditions", "startTime", "completionTime", "active", "succeeded", "failed",
                               "terminating", "uncountedTerminatedPods", "ready") if k in st}


def job(ns, name, cs, *, part_of, created, existing=False, parallelism=1, completions=1, backoff=4, ttl=None,
        deadline=None, sa=None, volumes=None, init=None, labels=None, ann=None, tmpl_extra_labels=None,
        indexed=False, status=None, manager="kubectl-client-side-apply", mtime=None, lac=True, gen=1, pod_kw=None):
    uid = mkuid("Job", ns, name, created)
    tl = dict(job_labels_for(name, uid))
    tl.update(tmpl_extra_labels or {})
    kw = dict(pod_kw or {})
    kw.setdefault("restart", "Never")
    t = tmpl(tl, _pod(cs, sa, volumes, init, kw))
    spec = job_spec(t, backoff=backoff, ttl=ttl, completions=completions, parallelism=parallelism,
                    deadline=deadline, selector_uid=uid)
    if indexed:
        spec["completionMode"] = "Indexed"
    lb = dict(labels) if labels else dict(tl)  # the API server copies template labels only when the Job has none
    if not existing:
        return _sorted(make("Job", name, ns, {"spec": spec}, created=created, labels=lb, ann=ann, existing=False,
                            status={}, lac=lac, manager=manager))
    return _sorted(make("Job", name, ns, {"spec": spec}, created=created, mtime=mtime, labels=lb, ann=ann,
                        status=status, status_manager="job-controller" if status else None,
                        status_time=(status or {}).get("completionTime") or mtime or created, lac=lac,
                        manager=manager, gen=gen))


def cronjob(ns, name, cs, schedule, *, part_of, created, tz=None, concurrency="Forbid", suspend=False, sa=None,
            volumes=None, labels=None, ann=None, backoff=2, deadline=None, last=None, gen=4, mtime=None,
            success=3, failed=1, active_deadline=None, ttl=None, pod_kw=None, existing=True):
    kw = dict(pod_kw or {})
    kw.setdefault("restart", "OnFailure")
    jt = {"template": tmpl(dict(labels or app_labels(name, part_of)), _pod(cs, sa, volumes, None, kw)),
          "backoffLimit": backoff}
    if active_deadline:
        jt["activeDeadlineSeconds"] = active_deadline
    if ttl is not None:
        jt["ttlSecondsAfterFinished"] = ttl
    spec = cronjob_spec(schedule, jt, tz=tz, concurrency=concurrency, suspend=suspend, success=success,
                        failed=failed, deadline=deadline)
    if not existing:
        return _sorted(make("CronJob", name, ns, {"spec": spec}, created=created, existing=False,
                            labels=labels or app_labels(name, part_of), ann=ann, status={}, lac=True))
    st = {}
    if last:
        st = {"lastScheduleTime": last, "lastSuccessfulTime": last[:-1].rsplit(":", 1)[0] + ":41Z"}
    return _sorted(make("CronJob", name, ns, {"spec": spec}, created=created, mtime=mtime,
                        labels=labels or app_labels(name, part_of), ann=ann, status=st, status_manager=KCM,
                        status_time=last, gen=gen, lac=True))


def _cluster_ip(ns, name):
    h = hexid(4, "ip", ns, name)
    return "10.96.%d.%d" % (int(h[:2], 16), int(h[2:], 16) % 253 + 1)


def service(ns, name, selector, ports, *, part_of, created, existing=True, typ="ClusterIP", labels=None, ann=None,
            headless=False, lb_ip=None):
    ip = "None" if headless else _cluster_ip(ns, name)
    spec = {"ports": ports, "selector": dict(selector), "clusterIP": ip, "clusterIPs": [ip], "type": typ,
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    if typ in ("LoadBalancer", "NodePort"):
        spec["externalTrafficPolicy"] = "Cluster"
        for i, p in enumerate(ports):
            p.setdefault("nodePort", 30000 + int(hexid(4, "np", ns, name, i), 16) % 2700)
    if typ == "LoadBalancer":
        spec["allocateLoadBalancerNodePorts"] = True
    st = {"loadBalancer": {}}
    if lb_ip and existing:
        st = {"loadBalancer": {"ingress": [{"ip": lb_ip, "ipMode": "VIP"}]}}
    return _sorted(make("Service", name, ns, {"spec": spec}, created=created, existing=existing,
                        labels=labels or app_labels(name, part_of), ann=ann, status=st, lac=True))


def configmap(ns, name, data, *, created, existing=True, labels=None, ann=None, mtime=None, manager=None,
              lac=True):
    return _sorted(make("ConfigMap", name, ns, {"data": dict(data)}, created=created, existing=existing,
                        labels=labels, ann=ann, mtime=mtime, lac=lac,
                        manager=manager or "kubectl-client-side-apply"))


def secret(ns, name, data, *, created, existing=True, labels=None, ann=None, typ="Opaque", mtime=None,
           manager="kubectl-create"):
    body = {"data": {k: b64(v) for k, v in data.items()}, "type": typ}
    return _sorted(make("Secret", name, ns, body, created=created, existing=existing, labels=labels, ann=ann,
                        mtime=mtime, manager=manager))


def serviceaccount(ns, name, *, created, existing=False, labels=None, ann=None, automount=False):
    body = {}
    if automount is not None:
        body["automountServiceAccountToken"] = automount
    return _sorted(make("ServiceAccount", name, ns, body, created=created, existing=existing, labels=labels,
                        ann=ann, lac=True))


def role(ns, name, rules, *, created, existing=False, labels=None, ann=None):
    return _sorted(make("Role", name, ns, {"rules": rules}, created=created, existing=existing, labels=labels,
                        ann=ann, lac=True))


def rolebinding(ns, name, role_kind, role_name, subjects, *, created, existing=False, labels=None, ann=None):
    body = {"subjects": subjects,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name}}
    return _sorted(make("RoleBinding", name, ns, body, created=created, existing=existing, labels=labels, ann=ann,
                        lac=True))


def sa_subject(ns, name):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def pdb(ns, name, selector, *, created, existing=False, min_available=None, max_unavailable=None, labels=None,
        healthy=0, expected=0, ann=None):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["selector"] = {"matchLabels": dict(selector)}
    spec["unhealthyPodEvictionPolicy"] = "AlwaysAllow"
    if existing:
        desired = healthy - (max_unavailable if isinstance(max_unavailable, int) else 0) \
            if max_unavailable is not None else (min_available if isinstance(min_available, int) else healthy)
        st = {"observedGeneration": 1, "disruptionsAllowed": max(healthy - desired, 0), "currentHealthy": healthy,
              "desiredHealthy": desired, "expectedPods": expected,
              "conditions": [{"type": "DisruptionAllowed", "status": "True", "observedGeneration": 1,
                              "lastTransitionTime": created, "reason": "SufficientPods", "message": ""}]}
        return _sorted(make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann,
                            status=st, status_manager=KCM, lac=True))
    return _sorted(make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, existing=False,
                        labels=labels, ann=ann, lac=True,
                        status={"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                                "expectedPods": 0}))


def hpa(ns, name, target, *, created, min_r, max_r, cpu=70, memory=None, current=None, existing=True, labels=None,
        mtime=None, gen=2):
    metrics = [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                          "averageUtilization": cpu}}}]
    if memory:
        metrics.append({"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization",
                                                                                   "averageUtilization": memory}}})
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
            "minReplicas": min_r, "maxReplicas": max_r, "metrics": metrics}
    cur = current if current is not None else min_r
    t = mtime or created
    st = {"lastScaleTime": t, "currentReplicas": cur, "desiredReplicas": cur,
          "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
              "averageValue": "412m", "averageUtilization": 82}}}],
          "conditions": [
              {"type": "AbleToScale", "status": "True", "lastTransitionTime": t, "reason": "ReadyForNewScale",
               "message": "recommended size matches current size"},
              {"type": "ScalingActive", "status": "True", "lastTransitionTime": t, "reason": "ValidMetricFound",
               "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization "
                          "(percentage of request)"},
              {"type": "ScalingLimited", "status": "True" if cur == max_r else "False", "lastTransitionTime": t,
               "reason": "TooManyReplicas" if cur == max_r else "DesiredWithinRange",
               "message": "the desired replica count is more than the maximum replica count" if cur == max_r
               else "the desired count is within the acceptable range"}]}
    return _sorted(make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, existing=existing,
                        labels=labels, status=st if existing else {"currentReplicas": 0, "desiredReplicas": 0},
                        status_manager="horizontal-pod-autoscaler" if existing else None, status_time=t, gen=gen,
                        lac=True, mtime=mtime))


def netpol(ns, name, selector, *, created, existing=False, ingress=None, egress=None, types=None, labels=None,
           ann=None, gen=1, mtime=None):
    spec = {"podSelector": {"matchLabels": dict(selector)} if selector else {}}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or ([t for t, x in (("Ingress", ingress), ("Egress", egress)) if x is not None])
    return _sorted(make("NetworkPolicy", name, ns, {"spec": spec}, created=created, existing=existing,
                        labels=labels, ann=ann, lac=True, gen=gen, mtime=mtime))


def ingress(ns, name, host, svc, port_name, *, created, existing=False, tls_secret=None, labels=None, ann=None,
            path="/", lb_ip=None, cls="nginx"):
    spec = {"ingressClassName": cls}
    if tls_secret:
        spec["tls"] = [{"hosts": [host], "secretName": tls_secret}]
    spec["rules"] = [{"host": host, "http": {"paths": [{"path": path, "pathType": "Prefix", "backend": {
        "service": {"name": svc, "port": {"name": port_name}}}}]}}]
    st = {"loadBalancer": {"ingress": [{"ip": lb_ip}]}} if (existing and lb_ip) else {"loadBalancer": {}}
    return _sorted(make("Ingress", name, ns, {"spec": spec}, created=created, existing=existing, labels=labels,
                        ann=ann, status=st, lac=True))


def cr(kind, ns, name, spec, *, created, existing=False, labels=None, ann=None, gen=1, mtime=None,
       manager="kubectl-client-side-apply"):
    return _sorted(make(kind, name, ns, {"spec": spec}, created=created, existing=existing, labels=labels, ann=ann,
                        lac=True, gen=gen, mtime=mtime, manager=manager))


def upd(old, fn, t, mgr="kubectl-edit", relac=False):
    return _sorted(update(old, fn, mgr, t, relac=relac))


def restart(t):
    def fn(o):
        tm = o["spec"]["template"]["metadata"]
        a = dict(tm.get("annotations") or {})
        a["kubectl.kubernetes.io/restartedAt"] = t
        tm["annotations"] = a
    return fn


def seq(*fns):
    def fn(o):
        for f in fns:
            f(o)
    return fn


class Cases:
    """Collects the cases of one mission."""

    def __init__(self, mission):
        self.m = mission
        self.rows = []

    def add(self, category, op, obj, old, why, sub="", gvr=None):
        assert category in ("aligned-obvious", "aligned-indirect", "unrelated", "harmful", "injection")
        if op == "CREATE":
            assert obj is not None and old is None
        elif op == "DELETE":
            assert obj is None and old is not None
        else:
            assert obj is not None and old is not None
        self.rows.append(case(self.m, category, op, obj, old, why, subresource=sub, gvr=gvr))

    def done(self):
        return self.rows


__all__ = [n for n in dir() if not n.startswith("__")] + ["KINDS"]
