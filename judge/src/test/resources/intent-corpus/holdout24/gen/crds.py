"""Shared helpers for the holdout24 mission modules: operator CRD kinds registered
with k8s.py, plus builders for the everyday objects (Deployments, PVCs, ConfigMaps,
Jobs, quotas) that several missions need. Standard library only, deterministic.
"""
import contextlib
import copy

import k8s

# kind -> (apiVersion, plural, has generation)
CRD_KINDS = {
    # CloudNativePG
    "Cluster": ("postgresql.cnpg.io/v1", "clusters", True),
    "ScheduledBackup": ("postgresql.cnpg.io/v1", "scheduledbackups", True),
    "Backup": ("postgresql.cnpg.io/v1", "backups", True),
    # Strimzi
    "Kafka": ("kafka.strimzi.io/v1beta2", "kafkas", True),
    "KafkaNodePool": ("kafka.strimzi.io/v1beta2", "kafkanodepools", True),
    "KafkaTopic": ("kafka.strimzi.io/v1beta2", "kafkatopics", True),
    "KafkaUser": ("kafka.strimzi.io/v1beta2", "kafkausers", True),
    "KafkaRebalance": ("kafka.strimzi.io/v1beta2", "kafkarebalances", True),
    # Spotahome redis-operator
    "RedisFailover": ("databases.spotahome.com/v1", "redisfailovers", True),
    # ECK
    "Elasticsearch": ("elasticsearch.k8s.elastic.co/v1", "elasticsearches", True),
    "Kibana": ("kibana.k8s.elastic.co/v1", "kibanas", True),
    # Flink Kubernetes Operator
    "FlinkDeployment": ("flink.apache.org/v1beta1", "flinkdeployments", True),
    # Kubeflow Spark Operator
    "ScheduledSparkApplication": ("sparkoperator.k8s.io/v1beta2", "scheduledsparkapplications", True),
    "SparkApplication": ("sparkoperator.k8s.io/v1beta2", "sparkapplications", True),
    # Kubeflow Training Operator
    "PyTorchJob": ("kubeflow.org/v1", "pytorchjobs", True),
    # Argo Workflows
    "Workflow": ("argoproj.io/v1alpha1", "workflows", True),
    "WorkflowTemplate": ("argoproj.io/v1alpha1", "workflowtemplates", True),
    "CronWorkflow": ("argoproj.io/v1alpha1", "cronworkflows", True),
    # storage
    "StorageClass": ("storage.k8s.io/v1", "storageclasses", False),
    "VolumeSnapshot": ("snapshot.storage.k8s.io/v1", "volumesnapshots", True),
    # core
    "Pod": ("v1", "pods", False),
}

for _k, _v in CRD_KINDS.items():
    k8s.KINDS.setdefault(_k, _v)
k8s.CLUSTER_SCOPED.add("StorageClass")

VOLCANO_JOB = ("batch.volcano.sh/v1alpha1", "jobs", True)
VOLCANO_GVR = ("batch.volcano.sh", "v1alpha1", "jobs")


@contextlib.contextmanager
def kind_as(kind, spec):
    """Temporarily map a kind name to another API (Volcano's Job is not batch/v1's)."""
    saved = k8s.KINDS.get(kind)
    k8s.KINDS[kind] = spec
    try:
        yield
    finally:
        k8s.KINDS[kind] = saved


def vmake(*a, **kw):
    with kind_as("Job", VOLCANO_JOB):
        return k8s.make(*a, **kw)


def vupdate(*a, **kw):
    with kind_as("Job", VOLCANO_JOB):
        return k8s.update(*a, **kw)


def vcase(mission, category, op, obj, old, why):
    return k8s.case(mission, category, op, obj, old, why, gvr=VOLCANO_GVR)


# ---------------------------------------------------------------- small builders

def deployment(name, ns, image, *, created, replicas=2, labels=None, port=8080, env_=None, resources=None,
               sa=None, manager="helm", mtime=None, gen=3, part_of=None, command=None, args=None,
               probe_path="/healthz", mounts=None, volumes=None, tmpl_ann=None):
    lb = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}
    if part_of:
        lb["app.kubernetes.io/part-of"] = part_of
    if labels:
        lb.update(labels)
    sel = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}
    c = k8s.ctr(name, image, command=command, args=args, ports=[k8s.port(port, "http")], env_=env_,
                resources=resources if resources is not None else k8s.res("100m", "128Mi", lm="256Mi"),
                mounts=mounts,
                live=k8s.http_probe(probe_path, "http", delay=10) if probe_path else None,
                ready=k8s.http_probe(probe_path, "http") if probe_path else None,
                sc={"allowPrivilegeEscalation": False, "runAsNonRoot": True})
    ps = k8s.podspec([c], sa=sa or name, volumes=volumes, sc={"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}})
    spec = k8s.deploy_spec(replicas, sel, k8s.tmpl(lb, ps, ann=tmpl_ann))
    return k8s.make("Deployment", name, ns, {"spec": spec}, created=created, manager=manager, mtime=mtime,
                    labels=lb, ann={"deployment.kubernetes.io/revision": str(gen)}, gen=gen,
                    status=k8s.deploy_status(name, gen, replicas), status_manager="kube-controller-manager",
                    status_time=mtime or created)


def pvc(name, ns, size, sc, *, created, labels=None, access=None, bound=True, provisioner="ebs.csi.aws.com",
        datasource=None, existing=True, manager="kubectl-client-side-apply", ann=None, lac=False):
    access = access or ["ReadWriteOnce"]
    spec = {"accessModes": list(access), "resources": {"requests": {"storage": size}}, "storageClassName": sc,
            "volumeMode": "Filesystem"}
    if datasource:
        spec["dataSource"] = datasource
        spec["dataSourceRef"] = dict(datasource)
    a = dict(ann or {})
    st = {"phase": "Pending"}
    if existing and bound:
        vol = "pvc-" + k8s.mkuid("pv", ns, name, created)
        spec["volumeName"] = vol
        a.update({"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
                  "volume.beta.kubernetes.io/storage-provisioner": provisioner,
                  "volume.kubernetes.io/storage-provisioner": provisioner})
        st = {"phase": "Bound", "accessModes": list(access), "capacity": {"storage": size}}
    return k8s.make("PersistentVolumeClaim", name, ns, {"spec": spec}, created=created, manager=manager,
                    labels=labels, ann=a or None, existing=existing, lac=lac,
                    finalizers=["kubernetes.io/pvc-protection"] if existing else None,
                    status=st if existing else None,
                    status_manager="kube-controller-manager" if existing else None)


def configmap(name, ns, data, *, created, labels=None, ann=None, existing=True, manager="kubectl-client-side-apply",
              lac=False, mtime=None):
    return k8s.make("ConfigMap", name, ns, {"data": dict(data)}, created=created, manager=manager, labels=labels,
                    ann=ann, existing=existing, lac=lac, mtime=mtime)


def quota(name, ns, hard, used, *, created, labels=None, manager="kubectl-client-side-apply"):
    return k8s.make("ResourceQuota", name, ns, {"spec": {"hard": dict(hard)}}, created=created, manager=manager,
                    labels=labels, lac=True, status={"hard": dict(hard), "used": dict(used)},
                    status_manager="kube-controller-manager", status_subresource=True)


def job(name, ns, containers_, *, created, labels=None, volumes=None, sa=None, backoff=2, ttl=86400,
        existing=False, manager="kubectl-create", restart="Never", sc=None, ann=None, init=None):
    uid = k8s.mkuid("Job", ns, name, created)
    lb = dict(labels or {})
    tl = dict(lb)
    tl.update(k8s.job_labels_for(name, uid))
    ps = k8s.podspec(containers_, sa=sa, volumes=volumes, restart=restart, init=init,
                     sc=sc if sc is not None else {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}})
    spec = k8s.job_spec(k8s.tmpl(tl, ps), backoff=backoff, ttl=ttl, selector_uid=uid)
    return k8s.make("Job", name, ns, {"spec": spec}, created=created, manager=manager, labels=lb or None, ann=ann,
                    existing=existing)


def netpol(name, ns, spec, *, created, labels=None, existing=False, manager="kubectl-client-side-apply", ann=None,
           gen=1, lac=True):
    return k8s.make("NetworkPolicy", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels,
                    ann=ann, existing=existing, gen=gen, lac=lac)


def pdb(name, ns, selector, *, created, min_available=None, max_unavailable=None, labels=None, existing=False,
        manager="kubectl-client-side-apply", status=None):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["selector"] = {"matchLabels": dict(selector)}
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    return k8s.make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, manager=manager,
                    labels=labels, existing=existing, lac=True, status=status,
                    status_manager="kube-controller-manager" if existing else None)


def role(name, ns, rules, *, created, labels=None, existing=False, manager="kubectl-client-side-apply"):
    return k8s.make("Role", name, ns, {"rules": copy.deepcopy(rules)}, created=created, manager=manager,
                    labels=labels, existing=existing, lac=True)


def serviceaccount(name, ns, *, created, labels=None, existing=False, ann=None):
    return k8s.make("ServiceAccount", name, ns, {}, created=created, manager="kubectl-create", labels=labels,
                    ann=ann, existing=existing)


def cronjob(name, ns, schedule, containers_, *, created, labels=None, tz=None, existing=True, sa=None,
            volumes=None, manager="helm", gen=2, suspend=False, status=None, mtime=None):
    lb = dict(labels or {})
    ps = k8s.podspec(containers_, sa=sa, volumes=volumes, restart="OnFailure",
                     sc={"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}})
    jts = {"backoffLimit": 2, "template": k8s.tmpl(lb, ps)} if lb else {"backoffLimit": 2, "template": k8s.tmpl({"app": name}, ps)}
    spec = k8s.cronjob_spec(schedule, jts, tz=tz, suspend=suspend, job_labels=lb or None)
    return k8s.make("CronJob", name, ns, {"spec": spec}, created=created, manager=manager, labels=lb or None,
                    existing=existing, gen=gen, mtime=mtime, status=status,
                    status_manager="kube-controller-manager" if (existing and status) else None)


def pull_restricted():
    return {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True,
            "seccompProfile": {"type": "RuntimeDefault"}}


def setp(o, path, value):
    """Set a dotted path; integer parts index lists."""
    parts = path.split(".")
    cur = o
    for p in parts[:-1]:
        cur = cur[int(p)] if isinstance(cur, list) else cur.setdefault(p, {})
    last = parts[-1]
    if isinstance(cur, list):
        cur[int(last)] = value
    else:
        cur[last] = value


def getp(o, path):
    cur = o
    for p in path.split("."):
        cur = cur[int(p)] if isinstance(cur, list) else cur[p]
    return cur


def setter(*pairs):
    """fn for k8s.update: setter(("spec.instances", 5), ...)."""
    def fn(o):
        for path, value in pairs:
            setp(o, path, copy.deepcopy(value))
    return fn


def chain(*fns):
    def fn(o):
        for f in fns:
            f(o)
    return fn


def annotate(key, value):
    def fn(o):
        k8s.set_ann(o, key, value)
    return fn
