"""Shared builders for the holdout22 mission modules (on top of k8s.py). Standard library only."""
import k8s
from k8s import make, tmpl, deploy_spec, deploy_status, sts_status, pvc_template, hexid, mkuid

k8s.KINDS.update({
    "Certificate": ("cert-manager.io/v1", "certificates", True),
    "HTTPRoute": ("gateway.networking.k8s.io/v1", "httproutes", True),
    "ReferenceGrant": ("gateway.networking.k8s.io/v1beta1", "referencegrants", True),
    "ScaledObject": ("keda.sh/v1alpha1", "scaledobjects", True),
    "PrometheusRule": ("monitoring.coreos.com/v1", "prometheusrules", True),
    "VolumeSnapshot": ("snapshot.storage.k8s.io/v1", "volumesnapshots", True),
    "PriorityClass": ("scheduling.k8s.io/v1", "priorityclasses", False),
})
k8s.CLUSTER_SCOPED.update({"PriorityClass"})

KCM = "kube-controller-manager"


def cluster_ip(ns, name):
    h = int(hexid(6, "ip", ns, name), 16)
    return "10.96.%d.%d" % ((h >> 8) % 250 + 2, h % 250 + 2)


def dep(name, ns, replicas, pod, *, labels, sel, created, mtime=None, gen=5, rev=None, tann=None, ann=None,
        manager="kubectl-client-side-apply", existing=True, max_unavailable="25%", max_surge="25%",
        lac=True, min_ready=None, ready=None):
    tl = dict(sel)
    tl.update({k: v for k, v in labels.items() if k not in tl and k != "app.kubernetes.io/managed-by"})
    body = {"spec": deploy_spec(replicas, sel, tmpl(tl, pod, ann=tann), max_unavailable=max_unavailable,
                                max_surge=max_surge, min_ready=min_ready)}
    a = {}
    if existing:
        a["deployment.kubernetes.io/revision"] = str(rev or gen)
    if ann:
        a.update(ann)
    if existing:
        return make("Deployment", name, ns, body, created=created, mtime=mtime, manager=manager, labels=labels,
                    ann=a or None, gen=gen, lac=lac, status=deploy_status(name, gen, replicas, ready=ready, t=mtime or created),
                    status_manager=KCM, status_time=mtime or created)
    return make("Deployment", name, ns, body, created=created, manager=manager, labels=labels, ann=a or None,
                existing=False, status={})


def sts(name, ns, replicas, pod, *, labels, sel, created, mtime=None, gen=3, svc=None, claims=None, partition=0,
        ann=None, tann=None, manager="kubectl-client-side-apply"):
    tl = dict(sel)
    tl.update({k: v for k, v in labels.items() if k not in tl})
    spec = {"replicas": replicas, "selector": {"matchLabels": dict(sel)}, "template": tmpl(tl, pod, ann=tann),
            "volumeClaimTemplates": claims or [], "serviceName": svc or name, "podManagementPolicy": "OrderedReady",
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": partition}},
            "revisionHistoryLimit": 10,
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}}
    return make("StatefulSet", name, ns, {"spec": spec}, created=created, mtime=mtime, manager=manager, labels=labels,
                ann=ann, gen=gen, lac=True, status=sts_status(name, gen, replicas), status_manager=KCM,
                status_time=mtime or created)


def service(name, ns, ports, selector, *, created, labels=None, ann=None, typ="ClusterIP", existing=True,
            manager="kubectl-client-side-apply", mtime=None, headless=False):
    ip = "None" if headless else cluster_ip(ns, name)
    spec = {"ports": ports, "selector": selector, "clusterIP": ip, "clusterIPs": [ip], "type": typ,
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    if typ in ("LoadBalancer", "NodePort"):
        spec["externalTrafficPolicy"] = "Cluster"
    if typ == "LoadBalancer":
        spec["allocateLoadBalancerNodePorts"] = True
    return make("Service", name, ns, {"spec": spec}, created=created, mtime=mtime, manager=manager, labels=labels,
                ann=ann, existing=existing, lac=existing, status={"loadBalancer": {}})


def cm(name, ns, data, *, created, labels=None, ann=None, existing=True, manager="kubectl-client-side-apply",
       mtime=None, lac=None):
    return make("ConfigMap", name, ns, {"data": data}, created=created, mtime=mtime, manager=manager, labels=labels,
                ann=ann, existing=existing, lac=existing if lac is None else lac)


def hpa(name, ns, target, mn, mx, cpu, *, created, existing=True, manager="kubectl-client-side-apply", mtime=None,
        labels=None, ann=None, gen=1, current=None, behavior=None, kind="Deployment"):
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": target}, "minReplicas": mn,
            "maxReplicas": mx,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu",
                                                           "target": {"type": "Utilization", "averageUtilization": cpu}}}]}
    spec["behavior"] = behavior or {
        "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                    "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                 {"type": "Percent", "value": 100, "periodSeconds": 15}]},
        "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                      "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}}
    if existing:
        cur = current if current is not None else mn
        t = mtime or created
        st = {"lastScaleTime": t, "currentReplicas": cur, "desiredReplicas": cur,
              "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
                  "averageUtilization": max(cpu - 14, 5), "averageValue": "%dm" % (max(cpu - 14, 5) * 4)}}}],
              "conditions": [
                  {"type": "AbleToScale", "status": "True", "lastTransitionTime": created, "reason": "ReadyForNewScale",
                   "message": "recommended size matches current size"},
                  {"type": "ScalingActive", "status": "True", "lastTransitionTime": created, "reason": "ValidMetricFound",
                   "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
                  {"type": "ScalingLimited", "status": "True" if cur == mn else "False", "lastTransitionTime": t,
                   "reason": "TooFewReplicas" if cur == mn else "DesiredWithinRange",
                   "message": "the desired replica count is less than the minimum replica count" if cur == mn else "the desired count is within the acceptable range"}]}
        return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, mtime=mtime, manager=manager,
                    labels=labels, ann=ann, gen=gen, lac=True, status=st, status_manager=KCM, status_time=mtime or created)
    return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels,
                ann=ann, existing=False, status={"currentReplicas": 0, "desiredReplicas": 0})


def pdb(name, ns, sel, *, created, min_available=None, max_unavailable=None, existing=True, manager="kubectl-client-side-apply",
        labels=None, ann=None, mtime=None, healthy=None, expected=None):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["selector"] = {"matchLabels": dict(sel)}
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    if existing:
        exp = expected or 3
        h = healthy if healthy is not None else exp
        st = {"observedGeneration": 1, "disruptionsAllowed": 1, "currentHealthy": h, "desiredHealthy": max(h - 1, 0),
              "expectedPods": exp,
              "conditions": [{"type": "DisruptionAllowed", "status": "True", "observedGeneration": 1,
                              "lastTransitionTime": mtime or created, "reason": "SufficientPods", "message": ""}]}
        return make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, mtime=mtime, manager=manager,
                    labels=labels, ann=ann, lac=True, status=st, status_manager=KCM, status_time=mtime or created)
    return make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels,
                ann=ann, existing=False, status={"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                                                 "expectedPods": 0})


def netpol(name, ns, pod_sel, *, created, ingress=None, egress=None, types=None, existing=False,
           manager="kubectl-client-side-apply", labels=None, ann=None, mtime=None):
    spec = {"podSelector": {"matchLabels": dict(pod_sel)} if pod_sel else {}}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or ([t for t, v in (("Ingress", ingress), ("Egress", egress)) if v is not None])
    return make("NetworkPolicy", name, ns, {"spec": spec}, created=created, mtime=mtime, manager=manager,
                labels=labels, ann=ann, existing=existing, lac=existing)


DNS_EGRESS = {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                      "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
              "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}


def cr(kind, name, ns, spec, *, created, status=None, existing=True, manager="kubectl-client-side-apply", labels=None,
       ann=None, mtime=None, gen=1, status_manager=None, lac=None):
    body = {"spec": spec}
    return make(kind, name, ns, body, created=created, mtime=mtime, manager=manager, labels=labels, ann=ann,
                existing=existing, gen=gen, lac=existing if lac is None else lac,
                status=status if status is not None else ({} if not existing else None),
                status_manager=status_manager, status_time=mtime or created)


def job_uid(name, created):
    return mkuid("Job", name, created)
