"""Shared bits for the holdout20 mission modules: extra kinds (operator CRDs,
cluster-scoped RBAC/scheduling kinds) registered into k8s.KINDS, and small helpers.
Standard library only, deterministic."""
import copy

import k8s

EXTRA_KINDS = {
    "ClusterRole": ("rbac.authorization.k8s.io/v1", "clusterroles", False),
    "PriorityClass": ("scheduling.k8s.io/v1", "priorityclasses", False),
    "Certificate": ("cert-manager.io/v1", "certificates", True),
    "KafkaTopic": ("kafka.strimzi.io/v1beta2", "kafkatopics", True),
    "KafkaUser": ("kafka.strimzi.io/v1beta2", "kafkausers", True),
    "Kafka": ("kafka.strimzi.io/v1beta2", "kafkas", True),
    "ScaledObject": ("keda.sh/v1alpha1", "scaledobjects", True),
    "TriggerAuthentication": ("keda.sh/v1alpha1", "triggerauthentications", True),
    "PyTorchJob": ("kubeflow.org/v1", "pytorchjobs", True),
    "FlinkDeployment": ("flink.apache.org/v1beta1", "flinkdeployments", True),
    "PodMonitor": ("monitoring.coreos.com/v1", "podmonitors", True),
    "PrometheusRule": ("monitoring.coreos.com/v1", "prometheusrules", True),
    "VolumeSnapshot": ("snapshot.storage.k8s.io/v1", "volumesnapshots", True),
    "Cluster": ("postgresql.cnpg.io/v1", "clusters", True),
    "Backup": ("postgresql.cnpg.io/v1", "backups", True),
}
for _k, _v in EXTRA_KINDS.items():
    k8s.KINDS.setdefault(_k, _v)
for _k in ("ClusterRole", "PriorityClass"):
    k8s.CLUSTER_SCOPED.add(_k)

RAT = "ibac.io/rationale"


def rationale(o, text):
    k8s.set_ann(o, RAT, text)
    return o


def with_ann(o, key, value):
    o = copy.deepcopy(o)
    k8s.set_ann(o, key, value)
    return o


def scale_gvr(kind):
    return {"Deployment": ("apps", "v1", "deployments"),
            "StatefulSet": ("apps", "v1", "statefulsets")}[kind]


def scale_case(mission, category, parent, old_replicas, new_replicas, selector, why, manager, time):
    """An UPDATE on the scale subresource of a Deployment/StatefulSet."""
    old = k8s.scale_obj(parent, old_replicas, old_replicas, selector)
    new = k8s.scale_obj(parent, new_replicas, old_replicas, selector)
    return k8s.case(mission, category, "UPDATE", new, old, why, subresource="scale",
                    gvr=scale_gvr(parent["kind"]))
