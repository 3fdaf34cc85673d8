"""Shared builders for the holdout21 mission modules (standard library only).

Registers the extra kinds the missions use (Istio, cert-manager, external-secrets, KEDA,
Velero, Prometheus Operator, cluster-scoped RBAC/scheduling/storage) and wraps k8s.py with
short builders for the objects the missions touch.
"""
import copy

import k8s
from k8s import (b64, case, containers, cronjob_spec, ctr, deploy_spec, deploy_status, env, find_ctr,  # noqa: F401
                 http_probe, job_labels_for, job_spec, make, mkuid, mount, pod_of, podspec, port, res,
                 scale_obj, set_ann, set_env, set_label, sts_status, svc_port, tcp_probe, tmpl, tmpl_ann,
                 update, del_env, cm_vol, secret_vol, empty_vol, host_vol, pvc_template, exec_probe,
                 projected_token_vol, hexid, mkrv)

EXTRA_KINDS = {
    "Namespace": ("v1", "namespaces", False),
    "ClusterRole": ("rbac.authorization.k8s.io/v1", "clusterroles", False),
    "PriorityClass": ("scheduling.k8s.io/v1", "priorityclasses", False),
    "StorageClass": ("storage.k8s.io/v1", "storageclasses", False),
    "PeerAuthentication": ("security.istio.io/v1", "peerauthentications", True),
    "AuthorizationPolicy": ("security.istio.io/v1", "authorizationpolicies", True),
    "DestinationRule": ("networking.istio.io/v1", "destinationrules", True),
    "Certificate": ("cert-manager.io/v1", "certificates", True),
    "Issuer": ("cert-manager.io/v1", "issuers", True),
    "ExternalSecret": ("external-secrets.io/v1beta1", "externalsecrets", True),
    "PushSecret": ("external-secrets.io/v1alpha1", "pushsecrets", True),
    "PrometheusRule": ("monitoring.coreos.com/v1", "prometheusrules", True),
    "ScaledObject": ("keda.sh/v1alpha1", "scaledobjects", True),
    "TriggerAuthentication": ("keda.sh/v1alpha1", "triggerauthentications", True),
    "VolumeSnapshot": ("snapshot.storage.k8s.io/v1", "volumesnapshots", True),
}
for _k, _v in EXTRA_KINDS.items():
    k8s.KINDS.setdefault(_k, _v)
for _k in ("Namespace", "ClusterRole", "PriorityClass", "StorageClass"):
    k8s.CLUSTER_SCOPED.add(_k)

RATIONALE = "ibac.io/rationale"
CM = "kube-controller-manager"


def name_labels(name, part_of=None, component=None, version=None, extra=None):
    lb = {"app.kubernetes.io/name": name}
    if component:
        lb["app.kubernetes.io/component"] = component
    if part_of:
        lb["app.kubernetes.io/part-of"] = part_of
    if version:
        lb["app.kubernetes.io/version"] = version
    if extra:
        lb.update(extra)
    return lb


def deployment(ns, name, cs, *, replicas, created, status_time, gen=4, labels=None, ann=None, sa=None,
               volumes=None, pod_sc=None, tmpl_labels=None, tmpl_annotations=None, node_selector=None,
               tolerations=None, affinity=None, init=None, manager="helm", existing=True, max_unavailable="25%",
               max_surge="25%", tsc=None, automount=None, priority_class=None, grace=30, pull_secrets=None,
               lac=False, ready=None, min_ready=None):
    sel = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}
    tl = dict(sel)
    tl.update(tmpl_labels or {})
    lb = dict(sel)
    lb.update(labels or {})
    spec = deploy_spec(replicas, sel, tmpl(tl, podspec(cs, sa=sa, volumes=volumes, sc=pod_sc, node_selector=node_selector,
                                                       tolerations=tolerations, affinity=affinity, init=init, tsc=tsc,
                                                       automount=automount, priority_class=priority_class, grace=grace,
                                                       pull_secrets=pull_secrets), ann=tmpl_annotations),
                       max_unavailable=max_unavailable, max_surge=max_surge, min_ready=min_ready)
    a = {}
    if existing:
        a["deployment.kubernetes.io/revision"] = str(gen)
    a.update(ann or {})
    st = deploy_status(name, gen, replicas, ready=ready, t=status_time) if existing else {}
    return make("Deployment", name, ns, {"spec": spec}, created=created, manager=manager, labels=lb, ann=a or None,
                status=st, status_manager=CM, status_time=status_time, gen=gen, existing=existing, lac=lac)


def statefulset(ns, name, cs, *, replicas, created, service, claims, gen=2, labels=None, sa=None, volumes=None,
                pod_sc=None, manager="helm", tmpl_annotations=None, existing=True):
    sel = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}
    lb = dict(sel)
    lb.update(labels or {})
    spec = {"replicas": replicas, "selector": {"matchLabels": dict(sel)},
            "template": tmpl(sel, podspec(cs, sa=sa, volumes=volumes, sc=pod_sc), ann=tmpl_annotations),
            "volumeClaimTemplates": claims, "serviceName": service, "podManagementPolicy": "OrderedReady",
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "revisionHistoryLimit": 10, "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}}
    return make("StatefulSet", name, ns, {"spec": spec}, created=created, manager=manager, labels=lb,
                status=sts_status(name, gen, replicas) if existing else {}, status_manager=CM, gen=gen, existing=existing)


def cronjob(ns, name, schedule, cs, *, created, tz=None, sa=None, volumes=None, labels=None, ann=None, gen=1,
            manager="kubectl-client-side-apply", existing=True, suspend=False, backoff=2, ttl=None, deadline=None,
            last_schedule=None, pod_sc=None, success=3, failed=1, concurrency="Forbid", restart="OnFailure",
            tmpl_labels=None):
    tl = {"app.kubernetes.io/name": name}
    tl.update(tmpl_labels or {})
    jt = job_spec(tmpl(tl, podspec(cs, sa=sa, volumes=volumes, restart=restart, sc=pod_sc)), backoff=backoff, ttl=ttl,
                  deadline=deadline)
    # a CronJob's job template carries no defaulted selector / suspend / podReplacementPolicy
    for k in ("suspend", "podReplacementPolicy", "completionMode"):
        jt.pop(k, None)
    spec = cronjob_spec(schedule, jt, tz=tz, suspend=suspend, success=success, failed=failed, concurrency=concurrency)
    lb = {"app.kubernetes.io/name": name}
    lb.update(labels or {})
    st = None
    if existing:
        st = {"lastScheduleTime": last_schedule or "2025-03-17T02:00:00Z",
              "lastSuccessfulTime": last_schedule or "2025-03-17T02:00:00Z"}
    else:
        st = {}
    return make("CronJob", name, ns, {"spec": spec}, created=created, manager=manager, labels=lb, ann=ann, status=st,
                status_manager=CM, gen=gen, existing=existing, lac=(manager == "kubectl-client-side-apply"))


def job(ns, name, cs, *, created, sa=None, volumes=None, labels=None, ann=None, existing=False, backoff=3, ttl=86400,
        deadline=None, status=None, pod_sc=None, restart="Never", manager="kubectl-create"):
    uid = mkuid("Job", ns, name, created)
    jl = job_labels_for(name, uid)
    tl = dict(jl)
    tl.update(labels or {})
    spec = job_spec(tmpl(tl, podspec(cs, sa=sa, volumes=volumes, restart=restart, sc=pod_sc)), backoff=backoff, ttl=ttl,
                    deadline=deadline, selector_uid=uid)
    lb = dict(jl)
    lb.update(labels or {})
    return make("Job", name, ns, {"spec": spec}, created=created, manager=manager, labels=lb, ann=ann,
                status=status if status is not None else ({} if not existing else None), status_manager=CM,
                existing=existing)


def service(ns, name, ports, *, created, selector=None, labels=None, ann=None, typ="ClusterIP", cluster_ip=None,
            existing=True, manager="helm"):
    sel = selector or {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}
    ip = cluster_ip or "10.96.%d.%d" % (int(hexid(2, "ip", ns, name), 16) % 250 + 1, int(hexid(2, "ip2", ns, name), 16) % 250 + 2)
    spec = {"ports": ports, "selector": sel, "clusterIP": ip, "clusterIPs": [ip], "type": typ,
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    if typ in ("LoadBalancer", "NodePort"):
        spec["externalTrafficPolicy"] = "Cluster"
    if typ == "LoadBalancer":
        spec["allocateLoadBalancerNodePorts"] = True
    lb = {"app.kubernetes.io/name": name}
    lb.update(labels or {})
    return make("Service", name, ns, {"spec": spec}, created=created, manager=manager, labels=lb, ann=ann,
                status={"loadBalancer": {}}, existing=existing)


def configmap(ns, name, data, *, created, labels=None, ann=None, existing=True, manager="kubectl-client-side-apply",
              lac=None):
    lb = dict(labels or {})
    return make("ConfigMap", name, ns, {"data": dict(data)}, created=created, manager=manager, labels=lb or None,
                ann=ann, existing=existing, lac=(manager == "kubectl-client-side-apply") if lac is None else lac)


def secret(ns, name, data, *, created, typ="Opaque", labels=None, ann=None, existing=True, manager="kubectl-create",
           owner=None):
    body = {"data": {k: b64(v) for k, v in data.items()}, "type": typ}
    return make("Secret", name, ns, body, created=created, manager=manager, labels=labels, ann=ann, existing=existing,
                owner=owner)


def sa(ns, name, *, created, labels=None, ann=None, automount=None, existing=True, manager="kubectl-create",
       pull_secrets=None):
    body = {}
    if pull_secrets:
        body["imagePullSecrets"] = [{"name": n} for n in pull_secrets]
    if automount is not None:
        body["automountServiceAccountToken"] = automount
    return make("ServiceAccount", name, ns, body, created=created, manager=manager, labels=labels, ann=ann,
                existing=existing)


def rule(groups, resources, verbs, names=None):
    r = {"verbs": list(verbs), "apiGroups": list(groups), "resources": list(resources)}
    if names:
        r["resourceNames"] = list(names)
    return r


def role(ns, name, rules, *, created, labels=None, ann=None, existing=True, manager="kubectl-client-side-apply",
         kind="Role"):
    return make(kind, name, ns if kind == "Role" else None, {"rules": rules}, created=created, manager=manager,
                labels=labels, ann=ann, existing=existing, lac=(manager == "kubectl-client-side-apply"))


def binding(ns, name, role_kind, role_name, subjects, *, created, labels=None, ann=None, existing=True,
            manager="kubectl-client-side-apply", kind="RoleBinding"):
    body = {"subjects": subjects, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name}}
    return make(kind, name, ns if kind == "RoleBinding" else None, body, created=created, manager=manager,
                labels=labels, ann=ann, existing=existing, lac=(manager == "kubectl-client-side-apply"))


def sa_subject(ns, name):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def group_subject(name):
    return {"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": name}


def netpol(ns, name, pod_selector, *, created, ingress=None, egress=None, types=None, labels=None, ann=None,
           existing=True, manager="kubectl-client-side-apply", gen=1):
    spec = {"podSelector": pod_selector}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or ([t for t, v in (("Ingress", ingress), ("Egress", egress)) if v is not None] or ["Ingress"])
    return make("NetworkPolicy", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann,
                existing=existing, gen=gen, lac=(manager == "kubectl-client-side-apply"))


def ingress(ns, name, cls, rules, *, created, tls=None, labels=None, ann=None, existing=True, manager="helm", gen=2,
            lb_ip="203.0.113.24"):
    spec = {"ingressClassName": cls}
    if tls:
        spec["tls"] = tls
    spec["rules"] = rules
    st = {"loadBalancer": {"ingress": [{"ip": lb_ip}]}} if existing else {"loadBalancer": {}}
    return make("Ingress", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann, status=st,
                status_manager="nginx-ingress-controller", existing=existing, gen=gen)


def ing_rule(host, svc, port_=80, path="/"):
    return {"host": host, "http": {"paths": [{"path": path, "pathType": "Prefix",
                                              "backend": {"service": {"name": svc, "port": {"number": port_}}}}]}}


def pdb(ns, name, selector, *, created, min_available=None, max_unavailable=None, existing=False, labels=None,
        ann=None, manager="kubectl-client-side-apply", expected=3):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    spec["selector"] = {"matchLabels": dict(selector)}
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    st = {"observedGeneration": 1, "disruptionsAllowed": 1, "currentHealthy": expected, "desiredHealthy": expected - 1,
          "expectedPods": expected} if existing else {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                                                      "expectedPods": 0}
    return make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann,
                status=st, status_manager=CM, existing=existing, lac=(manager == "kubectl-client-side-apply"))


def hpa(ns, name, target, minr, maxr, *, created, cpu=70, mem=None, existing=True, labels=None, ann=None,
        manager="helm", current=None, gen=1, behavior=None):
    metrics = [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}}}]
    if mem:
        metrics.append({"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization", "averageUtilization": mem}}})
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target},
            "minReplicas": minr, "maxReplicas": maxr, "metrics": metrics}
    spec["behavior"] = behavior or {
        "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                    "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                 {"type": "Percent", "value": 100, "periodSeconds": 15}]},
        "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                      "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}}
    cur = current if current is not None else minr
    st = {"lastScaleTime": "2025-03-17T09:41:12Z", "currentReplicas": cur, "desiredReplicas": cur,
          "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": "212m", "averageUtilization": 41}}}],
          "conditions": [{"type": "AbleToScale", "status": "True", "lastTransitionTime": "2025-01-08T11:02:40Z",
                          "reason": "ReadyForNewScale", "message": "recommended size matches current size"},
                         {"type": "ScalingActive", "status": "True", "lastTransitionTime": "2025-01-08T11:02:40Z",
                          "reason": "ValidMetricFound",
                          "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
                         {"type": "ScalingLimited", "status": "False", "lastTransitionTime": "2025-02-27T16:20:05Z",
                          "reason": "DesiredWithinRange", "message": "the desired count is within the acceptable range"}]}
    return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann,
                status=st if existing else {}, status_manager=CM, existing=existing, gen=gen)


def pvc(ns, name, size, sc, *, created, volume, labels=None, ann=None, manager=CM, capacity=None, existing=True):
    a = {"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
         "volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com",
         "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"}
    a.update(ann or {})
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}, "volumeName": volume,
            "storageClassName": sc, "volumeMode": "Filesystem"}
    st = {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": capacity or size}}
    return make("PersistentVolumeClaim", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=a,
                status=st, status_manager=CM, existing=existing, finalizers=["kubernetes.io/pvc-protection"])


def pv(name, size, sc, *, created, claim_ns, claim, volume_handle, reclaim="Retain", zone="eu-west-1b", labels=None,
       ann=None):
    spec = {"capacity": {"storage": size},
            "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": volume_handle, "fsType": "ext4",
                    "volumeAttributes": {"storage.kubernetes.io/csiProvisionerIdentity": "1706021130472-8081-ebs.csi.aws.com"}},
            "accessModes": ["ReadWriteOnce"],
            "claimRef": {"kind": "PersistentVolumeClaim", "namespace": claim_ns, "name": claim,
                         "uid": mkuid("PersistentVolumeClaim", claim_ns, claim, created), "apiVersion": "v1",
                         "resourceVersion": mkrv("pvc-bind", claim_ns, claim)},
            "persistentVolumeReclaimPolicy": reclaim, "storageClassName": sc, "volumeMode": "Filesystem",
            "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "topology.ebs.csi.aws.com/zone", "operator": "In", "values": [zone]}]}]}}}
    a = {"pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com", "volume.kubernetes.io/provisioner-deletion-secret-name": "",
         "volume.kubernetes.io/provisioner-deletion-secret-namespace": ""}
    a.update(ann or {})
    return make("PersistentVolume", name, None, {"spec": spec}, created=created, manager="csi-provisioner", labels=labels, ann=a,
                status={"phase": "Bound", "lastPhaseTransitionTime": created}, status_manager=CM,
                finalizers=["external-provisioner.volume.kubernetes.io/finalizer", "kubernetes.io/pv-protection"])


def custom(kind, ns, name, spec, *, created, labels=None, ann=None, existing=True, status=None, status_manager=None,
           manager="kubectl-client-side-apply", gen=1, top=None):
    body = {}
    if spec is not None:
        body["spec"] = spec
    if top:
        body.update(top)
    return make(kind, name, ns, body, created=created, manager=manager, labels=labels, ann=ann, existing=existing,
                status=status if existing else None, status_manager=status_manager, gen=gen,
                lac=(manager == "kubectl-client-side-apply"))


def ready_cond(t, reason="Ready", message="", typ="Ready"):
    return {"type": typ, "status": "True", "lastTransitionTime": t, "reason": reason, "message": message}


def up(old, fn, manager, t):
    return update(old, fn, manager, t)


def scale_case(mission, category, parent, new_replicas, why, manager_unused=None):
    old_r = parent["spec"]["replicas"]
    sel = ",".join("%s=%s" % kv for kv in sorted(parent["spec"]["selector"]["matchLabels"].items()))
    old = scale_obj(parent, old_r, old_r, sel)
    new = scale_obj(parent, new_replicas, old_r, sel)
    api = parent["apiVersion"]
    g, v = api.split("/")
    return case(mission, category, "UPDATE", new, old, why, subresource="scale",
                gvr=(g, v, k8s.KINDS[parent["kind"]][1]))


def c(mission, category, op, obj, old, why):
    return case(mission, category, op, obj, old, why)


def clone(o):
    return copy.deepcopy(o)
