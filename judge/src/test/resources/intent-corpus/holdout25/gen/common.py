"""Shared pieces for the holdout25 mission modules: custom resource kinds of real
operators, label sets and a few object builders on top of k8s.py."""
import k8s
from k8s import *  # noqa: F401,F403

k8s.KINDS.update({
    "Rollout": ("argoproj.io/v1alpha1", "rollouts", True),
    "AnalysisTemplate": ("argoproj.io/v1alpha1", "analysistemplates", True),
    "VirtualService": ("networking.istio.io/v1", "virtualservices", True),
    "DestinationRule": ("networking.istio.io/v1", "destinationrules", True),
    "PeerAuthentication": ("security.istio.io/v1", "peerauthentications", True),
    "AuthorizationPolicy": ("security.istio.io/v1", "authorizationpolicies", True),
    "HTTPRoute": ("gateway.networking.k8s.io/v1", "httproutes", True),
    "DNSEndpoint": ("externaldns.k8s.io/v1alpha1", "dnsendpoints", True),
    "ServiceProfile": ("linkerd.io/v1alpha2", "serviceprofiles", True),
    "PodMonitor": ("monitoring.coreos.com/v1", "podmonitors", True),
    "PrometheusRule": ("monitoring.coreos.com/v1", "prometheusrules", True),
    "VerticalPodAutoscaler": ("autoscaling.k8s.io/v1", "verticalpodautoscalers", True),
    "ScaledObject": ("keda.sh/v1alpha1", "scaledobjects", True),
    "TriggerAuthentication": ("keda.sh/v1alpha1", "triggerauthentications", True),
    "Policy": ("kyverno.io/v1", "policies", True),
    "PolicyException": ("kyverno.io/v2", "policyexceptions", True),
    "Certificate": ("cert-manager.io/v1", "certificates", True),
    "Issuer": ("cert-manager.io/v1", "issuers", True),
    "ExternalSecret": ("external-secrets.io/v1beta1", "externalsecrets", True),
    "PushSecret": ("external-secrets.io/v1alpha1", "pushsecrets", True),
})

KCSA = "kubectl-client-side-apply"
KCM = "kube-controller-manager"


def app_labels(name, part_of, component=None, version=None, extra=None):
    lb = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": part_of}
    if component:
        lb["app.kubernetes.io/component"] = component
    if version:
        lb["app.kubernetes.io/version"] = version
    if extra:
        lb.update(extra)
    return lb


def deployment(name, ns, created, *, replicas, labels, pod, match=None, pod_labels=None, pod_ann=None,
               ann=None, gen=1, mtime=None, manager=KCSA, lac=True, status_time=None, **kw):
    match = match or {"app.kubernetes.io/name": name}
    pl = dict(match)
    if pod_labels:
        pl.update(pod_labels)
    body = {"spec": deploy_spec(replicas, match, tmpl(pl, pod, ann=pod_ann), **kw)}
    st = status_time or mtime or created
    rev = {"deployment.kubernetes.io/revision": str(gen)}
    o = make("Deployment", name, ns, body, created=created, manager=manager, mtime=mtime, labels=labels,
             ann=dict(ann) if ann else None, gen=gen, lac=lac, status=deploy_status(name, gen, replicas, t=st),
             status_manager=KCM, status_time=st,
             extra_managers=[(KCM, "Update", st, {"metadata": {"annotations": rev}})])
    md = o["metadata"]
    md["annotations"] = dict(rev, **(md.get("annotations") or {}))
    return o


def new(kind, name, ns, body, t, labels=None, ann=None, manager=KCSA, lac=True):
    """The object of a CREATE request."""
    return make(kind, name, ns, body, created=t, manager=manager, labels=labels, ann=ann, existing=False, lac=lac)


def existing(kind, name, ns, body, created, labels=None, ann=None, manager=KCSA, lac=True, gen=1, mtime=None,
             status=None, status_manager=None, status_time=None, **kw):
    return make(kind, name, ns, body, created=created, manager=manager, labels=labels, ann=ann, lac=lac, gen=gen,
                mtime=mtime, status=status, status_manager=status_manager, status_time=status_time, **kw)


def ready_cond(t, reason="Ready", msg="", typ="Ready"):
    return {"type": typ, "status": "True", "lastTransitionTime": t, "reason": reason, "message": msg}


def upd(old, fn, manager, t):
    """UPDATE object; client-side apply also rewrites the last-applied annotation."""
    return update(old, fn, manager, t, relac=(manager == KCSA))
