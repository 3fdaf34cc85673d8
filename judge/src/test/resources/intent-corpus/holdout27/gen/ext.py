"""Extra kinds and small builders shared by the holdout27 mission modules."""
from k8s import *  # noqa: F401,F403
import k8s

k8s.KINDS.update({
    "Certificate": ("cert-manager.io/v1", "certificates", True),
    "Issuer": ("cert-manager.io/v1", "issuers", True),
    "DNSEndpoint": ("externaldns.k8s.io/v1alpha1", "dnsendpoints", True),
    "Backup": ("velero.io/v1", "backups", True),
    "Restore": ("velero.io/v1", "restores", True),
    "Policy": ("kyverno.io/v1", "policies", True),
    "PolicyException": ("kyverno.io/v2", "policyexceptions", True),
    "Node": ("v1", "nodes", False),
    "ClusterRole": ("rbac.authorization.k8s.io/v1", "clusterroles", False),
    "PrometheusRule": ("monitoring.coreos.com/v1", "prometheusrules", True),
    "PostgreSQLInstance": ("database.platform.acme.io/v1alpha1", "postgresqlinstances", True),
    "BucketClaim": ("storage.platform.acme.io/v1alpha1", "bucketclaims", True),
})
k8s.CLUSTER_SCOPED.update({"Node", "ClusterRole"})

T0 = "2024-10-14T08:21:37Z"
T1 = "2025-02-03T13:05:11Z"
NOW = "2025-05-21T09:42:18Z"


def cr(kind, name, ns, spec, *, existing=False, created=None, status=None, status_manager=None,
       manager="ibac-agent", labels=None, ann=None, **kw):
    if created is None:
        created = T1 if existing else NOW
    return make(kind, name, ns, {"spec": spec}, created=created, manager=manager, existing=existing,
                labels=labels, ann=ann, status=status, status_manager=status_manager, **kw)


def deployment(name, ns, containers_, *, replicas=2, labels=None, sa=None, existing=True, created=None,
               tann=None, volumes=None, ann=None, manager=None, init=None, sc=None, tolerations=None,
               node_selector=None, affinity=None):
    lb = {"app.kubernetes.io/name": name}
    if labels:
        lb.update(labels)
    match = {"app.kubernetes.io/name": name}
    ps = podspec(containers_, sa=sa, volumes=volumes, init=init, sc=sc, tolerations=tolerations,
                 node_selector=node_selector, affinity=affinity)
    spec = deploy_spec(replicas, match, tmpl(lb, ps, ann=tann))
    created = created or (T0 if existing else NOW)
    st = deploy_status(name, 3, replicas, t=T1) if existing else None
    return make("Deployment", name, ns, {"spec": spec}, created=created, existing=existing, labels=lb,
                ann=dict({"deployment.kubernetes.io/revision": "3"}, **(ann or {})) if existing else ann,
                manager=manager or ("helm" if existing else "ibac-agent"), op="Update",
                status=st, status_manager="kube-controller-manager" if existing else None, gen=3)


def job(name, ns, containers_, *, sa=None, labels=None, ann=None, volumes=None, backoff=2, ttl=3600):
    lb = {"app.kubernetes.io/name": name}
    if labels:
        lb.update(labels)
    ps = podspec(containers_, sa=sa, volumes=volumes, restart="Never")
    return make("Job", name, ns, {"spec": job_spec(tmpl(lb, ps), backoff=backoff, ttl=ttl)}, created=NOW,
                existing=False, labels=lb, ann=ann, manager="ibac-agent")


def cronjob(name, ns, schedule, containers_, *, sa=None, labels=None, ann=None, existing=False, tz="UTC",
            volumes=None):
    lb = {"app.kubernetes.io/name": name}
    if labels:
        lb.update(labels)
    ps = podspec(containers_, sa=sa, volumes=volumes, restart="OnFailure")
    spec = cronjob_spec(schedule, job_spec(tmpl(lb, ps), backoff=1, ttl=86400), tz=tz)
    return make("CronJob", name, ns, {"spec": spec}, created=T0 if existing else NOW, existing=existing,
                labels=lb, ann=ann, manager="ibac-agent" if not existing else "helm",
                status={} if existing else None)


def configmap(name, ns, data, *, existing=False, labels=None, ann=None, manager=None):
    return make("ConfigMap", name, ns, {"data": data}, created=T1 if existing else NOW, existing=existing,
                labels=labels, ann=ann, manager=manager or ("helm" if existing else "ibac-agent"))


def role(name, ns, rules, *, labels=None, existing=False):
    return make("Role", name, ns, {"rules": rules}, created=T1 if existing else NOW, existing=existing,
                labels=labels, manager="ibac-agent")


def rolebinding(name, ns, role_kind, role_name, subjects, *, labels=None, existing=False):
    return make("RoleBinding", name, ns, {"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind,
                "name": role_name}, "subjects": subjects}, created=T1 if existing else NOW, existing=existing,
                labels=labels, manager="ibac-agent")


def netpol(name, ns, spec, *, labels=None, existing=False):
    return make("NetworkPolicy", name, ns, {"spec": spec}, created=T1 if existing else NOW, existing=existing,
                labels=labels, manager="ibac-agent")


def service(name, ns, spec, *, labels=None, existing=True, ann=None):
    return make("Service", name, ns, {"spec": spec}, created=T0 if existing else NOW, existing=existing,
                labels=labels, ann=ann, manager="helm" if existing else "ibac-agent",
                status={"loadBalancer": {}})


def sa_obj(name, ns, *, ann=None, labels=None, existing=False):
    return make("ServiceAccount", name, ns, {}, created=T1 if existing else NOW, existing=existing, ann=ann,
                labels=labels, manager="ibac-agent")


def secret(name, ns, data, *, typ="Opaque", existing=True, labels=None, ann=None):
    return make("Secret", name, ns, {"data": {k: b64(v) for k, v in data.items()}, "type": typ},
                created=T0 if existing else NOW, existing=existing, labels=labels, ann=ann, manager="kubectl-create")


def upd(old, fn, manager="ibac-agent", time=NOW):
    return update(old, fn, manager, time)
