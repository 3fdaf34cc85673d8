"""Shared builders for the holdout19 mission modules (standard library only)."""
import copy

import k8s
from k8s import (make, update, case, set_ann, set_label, ctr, podspec, tmpl, deploy_spec, deploy_status,
                 port, svc_port, env, http_probe, tcp_probe, res, mount, cm_vol, secret_vol, empty_vol,
                 job_spec, cronjob_spec, scale_obj, find_ctr, set_env, del_env, pod_of, tmpl_ann, mkuid,
                 hexid, sts_status, pvc_template, RESTRICTED_SC, b64, containers)

EXTRA_KINDS = {
    "ClusterRole": ("rbac.authorization.k8s.io/v1", "clusterroles", False),
    "Namespace": ("v1", "namespaces", False),
    "Certificate": ("cert-manager.io/v1", "certificates", True),
    "Issuer": ("cert-manager.io/v1", "issuers", True),
    "HTTPRoute": ("gateway.networking.k8s.io/v1", "httproutes", True),
    "PrometheusRule": ("monitoring.coreos.com/v1", "prometheusrules", True),
    "ExternalSecret": ("external-secrets.io/v1beta1", "externalsecrets", True),
    "VolumeSnapshot": ("snapshot.storage.k8s.io/v1", "volumesnapshots", True),
}
for _k, _v in EXTRA_KINDS.items():
    k8s.KINDS.setdefault(_k, _v)
k8s.CLUSTER_SCOPED.update({"ClusterRole", "Namespace"})

AGENT = "platform-agent"
NOW = "2024-11-18T09:14:07Z"
LATER = "2024-11-18T09:31:52Z"
STATUS_MGR = "kube-controller-manager"
RAT = "ibac.io/rationale"


def dcopy(x):
    return copy.deepcopy(x)


def upd(old, fn, rationale=None, manager=AGENT, time=NOW, relac=False):
    def f(o):
        fn(o)
        if rationale:
            set_ann(o, RAT, rationale)
    return update(old, f, manager, time, relac=relac)


def new(kind, name, ns, body, labels=None, ann=None, rationale=None, created=NOW, status=None):
    a = dict(ann or {})
    if rationale:
        a[RAT] = rationale
    return make(kind, name, ns, body, created=created, manager=AGENT, op="Update", labels=labels,
                ann=a or None, existing=False, status=status)


def app_labels(name, part_of, version=None, component=None):
    lb = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": part_of}
    if version:
        lb["app.kubernetes.io/version"] = version
    if component:
        lb["app.kubernetes.io/component"] = component
    return lb


def deployment(ns, name, image, *, part_of, replicas=3, ports=None, env_=None, resources=None,
               probe_path="/healthz", probe_port="http", created="2024-03-04T10:12:44Z", sa=None, gen=7,
               volumes=None, mounts=None, extra_containers=None, node_selector=None, tolerations=None,
               tsc=None, version=None, component=None, pod_ann=None, rev="7", affinity=None,
               max_unavailable="25%", max_surge="25%", args=None, command=None, extra_labels=None, ready=None,
               status_time="2024-11-12T06:40:10Z", lac=True, cname=None):
    lb = app_labels(name, part_of, version, component)
    if extra_labels:
        lb.update(extra_labels)
    sel = {"app.kubernetes.io/name": name}
    live = http_probe(probe_path, probe_port, delay=10, period=10, timeout=2) if probe_path else None
    rdy = http_probe(probe_path.replace("healthz", "readyz"), probe_port, delay=5, period=5, timeout=2) if probe_path else None
    c = ctr(cname or name, image, command=command, args=args, ports=ports or [port(8080, "http")], env_=env_,
            resources=resources if resources is not None else res("250m", "256Mi", "500m", "512Mi"),
            mounts=mounts, live=live, ready=rdy, sc=dict(RESTRICTED_SC))
    cs = [c] + list(extra_containers or [])
    ps = podspec(cs, sa=sa or name, volumes=volumes, node_selector=node_selector, tolerations=tolerations,
                 tsc=tsc, affinity=affinity,
                 sc={"runAsNonRoot": True, "runAsUser": 10001, "fsGroup": 10001,
                     "seccompProfile": {"type": "RuntimeDefault"}})
    t = tmpl(dict(sel, **{"app.kubernetes.io/part-of": part_of}), ps, ann=pod_ann)
    spec = deploy_spec(replicas, sel, t, max_unavailable=max_unavailable, max_surge=max_surge)
    st = deploy_status(name, gen, replicas, ready=ready, t=status_time)
    return make("Deployment", name, ns, {"spec": spec}, created=created, labels=lb,
                ann={"deployment.kubernetes.io/revision": rev}, gen=gen, lac=lac, status=st,
                status_manager=STATUS_MGR, status_time=status_time, mtime="2024-11-12T06:39:58Z")


def service(ns, name, *, part_of, ports=None, selector=None, typ="ClusterIP", created="2024-03-04T10:12:44Z",
            cluster_ip=None, ann=None, lb_ingress=None):
    spec = {"ports": ports or [svc_port("http", 80, "http")],
            "selector": selector or {"app.kubernetes.io/name": name}}
    ip = cluster_ip or "10.96.%d.%d" % (int(hexid(2, ns, name), 16) % 250 + 1, int(hexid(2, name, ns), 16) % 250 + 2)
    spec["clusterIP"] = ip
    spec["clusterIPs"] = [ip]
    spec["type"] = typ
    spec["sessionAffinity"] = "None"
    spec["ipFamilies"] = ["IPv4"]
    spec["ipFamilyPolicy"] = "SingleStack"
    spec["internalTrafficPolicy"] = "Cluster"
    if typ in ("LoadBalancer", "NodePort"):
        spec["externalTrafficPolicy"] = "Cluster"
    st = {"loadBalancer": {"ingress": lb_ingress} if lb_ingress else {}}
    return make("Service", name, ns, {"spec": spec}, created=created, labels=app_labels(name, part_of),
                ann=ann, lac=True, status=st)


def configmap(ns, name, data, *, part_of=None, created="2024-05-21T14:02:09Z", labels=None, ann=None, existing=True):
    lb = dict(labels or {})
    if part_of:
        lb["app.kubernetes.io/part-of"] = part_of
    if not existing:
        return new("ConfigMap", name, ns, {"data": data}, labels=lb or None, ann=ann)
    return make("ConfigMap", name, ns, {"data": data}, created=created, labels=lb or None, ann=ann, lac=True)


def hpa(ns, name, target, mn, mx, cpu=70, *, created=NOW, existing=False, behavior=None, labels=None, ann=None,
        rationale=None, gen=1, current=None, memory=None):
    metrics = [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                        "averageUtilization": cpu}}}]
    if memory:
        metrics.append({"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization",
                                                                                     "averageUtilization": memory}}})
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
            "minReplicas": mn, "maxReplicas": mx, "metrics": metrics}
    spec["behavior"] = behavior or {
        "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                    "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                 {"type": "Percent", "value": 100, "periodSeconds": 15}]},
        "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                      "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}}
    if not existing:
        return new("HorizontalPodAutoscaler", name, ns, {"spec": spec}, labels=labels, ann=ann, rationale=rationale)
    cur = current if current is not None else mn
    st = {"observedGeneration": gen, "lastScaleTime": "2024-11-17T21:04:00Z", "currentReplicas": cur,
          "desiredReplicas": cur,
          "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
              "averageValue": "212m", "averageUtilization": 42}}}],
          "conditions": [
              {"type": "AbleToScale", "status": "True", "lastTransitionTime": "2024-09-02T11:00:15Z",
               "reason": "ReadyForNewScale", "message": "recommended size matches current size"},
              {"type": "ScalingActive", "status": "True", "lastTransitionTime": "2024-09-02T11:00:15Z",
               "reason": "ValidMetricFound",
               "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
              {"type": "ScalingLimited", "status": "True" if cur == mn else "False",
               "lastTransitionTime": "2024-11-17T21:04:00Z",
               "reason": "TooFewReplicas" if cur == mn else "DesiredWithinRange",
               "message": "the desired replica count is less than the minimum replica count" if cur == mn else
               "the desired count is within the acceptable range"}]}
    return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created="2024-09-02T10:59:40Z", labels=labels,
                ann=ann, gen=gen, lac=True, status=st, status_manager=STATUS_MGR,
                status_time="2024-11-17T21:04:00Z")


def netpol(name, ns, pod_selector, *, ingress=None, egress=None, types=None, existing=False,
           created="2024-06-10T08:00:00Z", labels=None, ann=None, rationale=None):
    spec = {"podSelector": pod_selector}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or ([t for t, v in (("Ingress", ingress), ("Egress", egress)) if v is not None]
                                    or ["Ingress"])
    if existing:
        return make("NetworkPolicy", name, ns, {"spec": spec}, created=created, labels=labels, ann=ann, lac=True)
    return new("NetworkPolicy", name, ns, {"spec": spec}, labels=labels, ann=ann, rationale=rationale)


def ns_sel(name):
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}


def pdb(ns, name, selector, *, min_available=None, max_unavailable=None, rationale=None, labels=None, ann=None):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["selector"] = {"matchLabels": selector}
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    return new("PodDisruptionBudget", name, ns, {"spec": spec}, labels=labels, ann=ann, rationale=rationale)


def scale_pair(dep, to, kind_gvr=("apps", "v1", "deployments")):
    cur = dep["spec"]["replicas"]
    sel = ",".join("%s=%s" % kv for kv in sorted(dep["spec"]["selector"]["matchLabels"].items()))
    old = scale_obj(dep, cur, cur, sel)
    obj = scale_obj(dep, to, cur, sel)
    return obj, old


def scale_case(mission, category, dep, to, why):
    obj, old = scale_pair(dep, to)
    res_ = {"Deployment": "deployments", "StatefulSet": "statefulsets"}[dep["kind"]]
    return case(mission, category, "UPDATE", obj, old, why, subresource="scale", gvr=("apps", "v1", res_))


def role(name, ns, rules, *, existing=False, created="2024-04-02T09:30:00Z", labels=None, ann=None, rationale=None):
    if existing:
        return make("Role", name, ns, {"rules": rules}, created=created, labels=labels, ann=ann, lac=True)
    return new("Role", name, ns, {"rules": rules}, labels=labels, ann=ann, rationale=rationale)


def rule(groups, resources, verbs, names=None):
    r = {"verbs": list(verbs), "apiGroups": list(groups), "resources": list(resources)}
    if names:
        r["resourceNames"] = list(names)
    return r
