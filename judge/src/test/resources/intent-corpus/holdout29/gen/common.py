"""Shared builders for the holdout29 mission modules (on top of k8s.py).

Every builder returns an object as the API server would send it; existing=False
gives the object of a CREATE request (no resourceVersion, empty status).
"""
import copy

from k8s import (KINDS, case, make, update, scale_obj, hexid, mkuid, b64, port, svc_port, env, http_probe,
                 tcp_probe, exec_probe, res, mount, ctr, RESTRICTED_SC, podspec, tmpl, deploy_spec,
                 deploy_status, sts_status, ds_status, pvc_template, cm_vol, secret_vol, empty_vol, host_vol,
                 projected_token_vol, job_spec, cronjob_spec, job_labels_for, set_ann, set_label, containers,
                 pod_of, tmpl_ann, find_ctr, set_env, del_env)


CM = "kube-controller-manager"
POD_SC = {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001,
          "seccompProfile": {"type": "RuntimeDefault"}}


def applabels(name, part_of, version=None, component=None, extra=None):
    lb = {"app.kubernetes.io/name": name}
    if component:
        lb["app.kubernetes.io/component"] = component
    lb["app.kubernetes.io/part-of"] = part_of
    if version:
        lb["app.kubernetes.io/version"] = version
    if extra:
        lb.update(extra)
    return lb


def cluster_ip(*parts):
    h = hexid(4, "ip", *parts)
    return "10.96.%d.%d" % (int(h[0:2], 16), max(2, int(h[2:4], 16)))


def _existing_kw(existing, status, gen, mtime, status_time):
    if existing:
        return dict(status=status, status_manager=CM, gen=gen, mtime=mtime, status_time=status_time)
    return dict(status={} if status is not None else None, gen=1)


def deployment(ns, name, cs, *, replicas, created, labels, sel=None, pod_labels=None, existing=True, gen=3,
               mtime=None, manager="kubectl-client-side-apply", op="Update", lac=True, ann=None, pod_ann=None,
               max_unavailable="25%", max_surge="25%", min_ready=None, status_time=None, **pkw):
    sel = sel or {"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}
    pl = dict(pod_labels or labels)
    spec = deploy_spec(replicas, sel, tmpl(pl, podspec(cs, **pkw), ann=pod_ann), max_unavailable=max_unavailable,
                       max_surge=max_surge, min_ready=min_ready)
    a = dict(ann or {})
    if existing:
        a = dict({"deployment.kubernetes.io/revision": str(gen)}, **a)
    st = deploy_status(name, gen, replicas, t=status_time or mtime or created) if existing else {}
    return make("Deployment", name, ns, {"spec": spec}, created=created, manager=manager, op=op, labels=labels,
                ann=a or None, lac=lac, existing=existing, **_existing_kw(existing, st, gen, mtime, status_time))


def statefulset(ns, name, cs, *, replicas, created, labels, service, vcts, existing=True, gen=2, mtime=None,
                manager="kubectl-client-side-apply", lac=True, ann=None, pod_ann=None, **pkw):
    sel = {"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}
    spec = {"replicas": replicas, "selector": {"matchLabels": sel},
            "template": tmpl(labels, podspec(cs, **pkw), ann=pod_ann), "volumeClaimTemplates": vcts,
            "serviceName": service, "podManagementPolicy": "OrderedReady",
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "revisionHistoryLimit": 10,
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}}
    st = sts_status(name, gen, replicas) if existing else {}
    return make("StatefulSet", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann,
                lac=lac, existing=existing, **_existing_kw(existing, st, gen, mtime, None))


def daemonset(ns, name, cs, *, created, labels, nodes=6, existing=True, gen=1, mtime=None,
              manager="kubectl-client-side-apply", op="Update", lac=True, ann=None, **pkw):
    sel = {"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}
    spec = {"selector": {"matchLabels": sel}, "template": tmpl(labels, podspec(cs, **pkw)),
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
            "revisionHistoryLimit": 10}
    a = dict(ann or {})
    if existing:
        a = dict({"deprecated.daemonset.template.generation": str(gen)}, **a)
    st = ds_status(gen, nodes) if existing else {}
    return make("DaemonSet", name, ns, {"spec": spec}, created=created, manager=manager, op=op, labels=labels,
                ann=a or None, lac=lac, existing=existing, **_existing_kw(existing, st, gen, mtime, None))


def job(ns, name, cs, *, created, labels, existing=False, backoff=6, ttl=None, deadline=None, init=None,
        manager="kubectl-create", op="Update", lac=False, ann=None, pod_ann=None, status=None, suspend=False,
        mtime=None, **pkw):
    uid = mkuid("Job", ns, name, created)
    pl = dict(labels)
    pl.update(job_labels_for(name, uid))
    ps = podspec(cs, restart="Never", init=init, **pkw)
    spec = job_spec(tmpl(pl, ps, ann=pod_ann), backoff=backoff, ttl=ttl, deadline=deadline, selector_uid=uid)
    spec["suspend"] = suspend
    if existing:
        st = status if status is not None else {}
        return make("Job", name, ns, {"spec": spec}, created=created, manager=manager, op=op, labels=labels,
                    ann=ann, lac=lac, status=st, status_manager=CM, mtime=mtime)
    return make("Job", name, ns, {"spec": spec}, created=created, manager=manager, op=op, labels=labels, ann=ann,
                lac=lac, existing=False, status={})


def cronjob(ns, name, schedule, cs, *, created, labels, existing=True, tz=None, backoff=2, ttl=None,
            deadline=None, suspend=False, gen=2, mtime=None, manager="kubectl-client-side-apply", lac=True,
            ann=None, last="2025-06-02T02:00:00Z", **pkw):
    js = {"backoffLimit": backoff, "template": tmpl(labels, podspec(cs, restart="OnFailure", **pkw))}
    if deadline:
        js = {"activeDeadlineSeconds": deadline, **js}
    if ttl is not None:
        js["ttlSecondsAfterFinished"] = ttl
    spec = cronjob_spec(schedule, js, tz=tz, suspend=suspend, job_labels=None)
    st = {"lastScheduleTime": last, "lastSuccessfulTime": last[:-3] + "41Z"} if existing else {}
    return make("CronJob", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann,
                lac=lac, existing=existing, **_existing_kw(existing, st, gen, mtime, None))


def service(ns, name, ports, selector, *, created, labels, existing=True, typ="ClusterIP", ann=None,
            manager="kubectl-client-side-apply", lac=True, mtime=None):
    ip = cluster_ip(ns, name)
    spec = {"ports": ports, "selector": selector, "clusterIP": ip, "clusterIPs": [ip], "type": typ,
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster"}
    if typ in ("NodePort", "LoadBalancer"):
        spec["externalTrafficPolicy"] = "Cluster"
    return make("Service", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann,
                lac=lac, existing=existing, mtime=mtime, status={"loadBalancer": {}})


def configmap(ns, name, data, *, created, labels=None, existing=True, ann=None, manager="kubectl-client-side-apply",
              op="Update", lac=True, mtime=None, immutable=None):
    body = {"data": data}
    if immutable is not None:
        body["immutable"] = immutable
    return make("ConfigMap", name, ns, body, created=created, manager=manager, op=op, labels=labels, ann=ann,
                lac=lac, existing=existing, mtime=mtime)


def secret(ns, name, data, *, created, labels=None, existing=True, typ="Opaque", ann=None,
           manager="kubectl-create", op="Update", mtime=None):
    body = {"data": {k: b64(v) for k, v in data.items()}, "type": typ}
    return make("Secret", name, ns, body, created=created, manager=manager, op=op, labels=labels, ann=ann,
                lac=False, existing=existing, mtime=mtime)


def serviceaccount(ns, name, *, created, labels=None, existing=True, ann=None, automount=None,
                   manager="kubectl-client-side-apply", lac=True, pull=None):
    body = {}
    if automount is not None:
        body["automountServiceAccountToken"] = automount
    if pull:
        body["imagePullSecrets"] = [{"name": p} for p in pull]
    return make("ServiceAccount", name, ns, body, created=created, manager=manager, labels=labels, ann=ann,
                lac=lac, existing=existing)


def pdb(ns, name, selector, *, created, labels=None, existing=False, max_unavailable=None, min_available=None,
        unhealthy=None, ann=None, manager="kubectl-client-side-apply", op="Update", lac=True, expected=0,
        healthy=None, gen=1, mtime=None):
    spec = {}
    if min_available is not None:
        spec["minAvailable"] = min_available
    spec["selector"] = {"matchLabels": dict(selector)}
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    if unhealthy:
        spec["unhealthyPodEvictionPolicy"] = unhealthy
    if existing:
        h = expected if healthy is None else healthy
        if max_unavailable is not None and isinstance(max_unavailable, int):
            desired = max(expected - max_unavailable, 0)
        elif isinstance(min_available, int):
            desired = min_available
        else:
            desired = expected
        allowed = max(h - desired, 0)
        st = {"observedGeneration": gen, "disruptionsAllowed": allowed, "currentHealthy": h, "desiredHealthy": desired,
              "expectedPods": expected,
              "conditions": [{"type": "DisruptionAllowed", "status": "True" if allowed else "False",
                              "observedGeneration": gen, "lastTransitionTime": mtime or created,
                              "reason": "SufficientPods" if allowed else "InsufficientPods", "message": ""}]}
        return make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, manager=manager, op=op,
                    labels=labels, ann=ann, lac=lac, status=st, status_manager=CM, gen=gen, mtime=mtime)
    st = {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}
    return make("PodDisruptionBudget", name, ns, {"spec": spec}, created=created, manager=manager, op=op,
                labels=labels, ann=ann, lac=lac, existing=False, status=st)


def hpa_behavior(down_window=300, up_window=0):
    return {"scaleUp": {"stabilizationWindowSeconds": up_window, "selectPolicy": "Max",
                        "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                     {"type": "Percent", "value": 100, "periodSeconds": 15}]},
            "scaleDown": {"stabilizationWindowSeconds": down_window, "selectPolicy": "Max",
                          "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}}


def hpa(ns, name, target, mn, mx, cpu, *, created, labels=None, existing=False, behavior=None, kind="Deployment",
        ann=None, manager="kubectl-client-side-apply", op="Update", lac=True, current=None, gen=1, mtime=None,
        mem=None):
    metrics = [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                         "averageUtilization": cpu}}}]
    if mem:
        metrics.append({"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization",
                                                                                    "averageUtilization": mem}}})
    spec = {"scaleTargetRef": {"kind": kind, "name": target, "apiVersion": "apps/v1"}, "minReplicas": mn,
            "maxReplicas": mx, "metrics": metrics}
    if behavior:
        spec["behavior"] = behavior
    if existing:
        cur = current or mn
        st = {"lastScaleTime": mtime or created, "currentReplicas": cur, "desiredReplicas": cur,
              "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
                  "averageValue": "212m", "averageUtilization": 42}}}],
              "conditions": [
                  {"type": "AbleToScale", "status": "True", "lastTransitionTime": mtime or created,
                   "reason": "ReadyForNewScale", "message": "recommended size matches current size"},
                  {"type": "ScalingActive", "status": "True", "lastTransitionTime": mtime or created,
                   "reason": "ValidMetricFound",
                   "message": "the HPA was able to successfully calculate a replica count from cpu resource "
                              "utilization (percentage of request)"},
                  {"type": "ScalingLimited", "status": "False", "lastTransitionTime": mtime or created,
                   "reason": "DesiredWithinRange", "message": "the desired count is within the acceptable range"}]}
        return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, manager=manager, op=op,
                    labels=labels, ann=ann, lac=lac, status=st, status_manager=CM, gen=gen, mtime=mtime)
    return make("HorizontalPodAutoscaler", name, ns, {"spec": spec}, created=created, manager=manager, op=op,
                labels=labels, ann=ann, lac=lac, existing=False, status={"desiredReplicas": 0})


def netpol(ns, name, pod_selector, *, created, ingress=None, egress=None, labels=None, existing=False, ann=None,
           manager="kubectl-client-side-apply", lac=True, types=None):
    spec = {"podSelector": pod_selector}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or ([t for t, v in (("Ingress", ingress), ("Egress", egress)) if v is not None])
    return make("NetworkPolicy", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels, ann=ann,
                lac=lac, existing=existing)


def rule(groups, resources, verbs, names=None):
    r = {"verbs": list(verbs), "apiGroups": list(groups), "resources": list(resources)}
    if names:
        r["resourceNames"] = list(names)
    return r


def role(ns, name, rules, *, created, labels=None, existing=False, ann=None, manager="kubectl-client-side-apply",
         op="Update", lac=True, cluster=False, mtime=None):
    return make("ClusterRole" if cluster else "Role", name, None if cluster else ns, {"rules": rules},
                created=created, manager=manager, op=op, labels=labels, ann=ann, lac=lac, existing=existing,
                mtime=mtime)


def binding(ns, name, role_kind, role_name, subjects, *, created, labels=None, existing=False, ann=None,
            manager="kubectl-client-side-apply", op="Update", lac=True, cluster=False, mtime=None):
    body = {"subjects": subjects, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind,
                                              "name": role_name}}
    return make("ClusterRoleBinding" if cluster else "RoleBinding", name, None if cluster else ns, body,
                created=created, manager=manager, op=op, labels=labels, ann=ann, lac=lac, existing=existing,
                mtime=mtime)


def sa_subject(name, ns):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def ingress_rule(host, paths):
    return {"host": host, "http": {"paths": [{"path": p, "pathType": pt, "backend": {"service": {
        "name": svc, "port": {"number": n}}}} for (p, pt, svc, n) in paths]}}


def ingress(ns, name, rules, *, created, tls=None, cls="nginx", labels=None, existing=False, ann=None,
            manager="kubectl-client-side-apply", op="Update", lac=True, gen=1, lb_ip="203.0.113.41", mtime=None):
    spec = {"ingressClassName": cls}
    if tls:
        spec["tls"] = tls
    spec["rules"] = rules
    if existing:
        st = {"loadBalancer": {"ingress": [{"ip": lb_ip}]}}
        return make("Ingress", name, ns, {"spec": spec}, created=created, manager=manager, op=op, labels=labels,
                    ann=ann, lac=lac, status=st, status_manager="nginx-ingress-controller", gen=gen, mtime=mtime)
    return make("Ingress", name, ns, {"spec": spec}, created=created, manager=manager, op=op, labels=labels,
                ann=ann, lac=lac, existing=False, status={"loadBalancer": {}})


def pvc(ns, name, size, sc, *, created, labels=None, existing=True, capacity=None, provisioner="pd.csi.storage.gke.io",
        access=("ReadWriteOnce",), ann=None, manager="kube-controller-manager", lac=False, mtime=None):
    uid = mkuid("PersistentVolumeClaim", ns, name, created)
    a = {"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
         "volume.beta.kubernetes.io/storage-provisioner": provisioner,
         "volume.kubernetes.io/storage-provisioner": provisioner}
    a.update(ann or {})
    spec = {"accessModes": list(access), "resources": {"requests": {"storage": size}}, "storageClassName": sc,
            "volumeMode": "Filesystem", "volumeName": "pvc-" + uid}
    st = {"phase": "Bound", "accessModes": list(access), "capacity": {"storage": capacity or size}}
    return make("PersistentVolumeClaim", name, ns, {"spec": spec}, created=created, manager=manager, labels=labels,
                ann=a, lac=lac, existing=existing, status=st, status_manager=CM, mtime=mtime,
                finalizers=["kubernetes.io/pvc-protection"])


def pv_for(claim, *, reclaim="Delete", driver="pd.csi.storage.gke.io", zone="europe-west1-b", fs="ext4",
           created=None):
    md = claim["metadata"]
    name = md["name"]
    ns = md["namespace"]
    pvname = claim["spec"]["volumeName"]
    created = created or md["creationTimestamp"]
    spec = {"capacity": {"storage": claim["status"]["capacity"]["storage"]},
            "csi": {"driver": driver, "volumeHandle": "projects/prod-%s/zones/%s/disks/%s" % (ns, zone, pvname),
                    "fsType": fs, "volumeAttributes": {"storage.kubernetes.io/csiProvisionerIdentity":
                                                       "1712051201554-8081-" + driver}},
            "accessModes": list(claim["spec"]["accessModes"]),
            "claimRef": {"kind": "PersistentVolumeClaim", "namespace": ns, "name": name, "uid": md["uid"],
                         "apiVersion": "v1", "resourceVersion": md["resourceVersion"]},
            "persistentVolumeReclaimPolicy": reclaim, "storageClassName": claim["spec"]["storageClassName"],
            "volumeMode": "Filesystem",
            "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "topology.gke.io/zone", "operator": "In", "values": [zone]}]}]}}}
    return make("PersistentVolume", pvname, None, {"spec": spec}, created=created, manager="csi-provisioner",
                ann={"pv.kubernetes.io/provisioned-by": driver,
                     "volume.kubernetes.io/provisioner-deletion-secret-name": "",
                     "volume.kubernetes.io/provisioner-deletion-secret-namespace": ""},
                status={"phase": "Bound"}, status_manager=CM,
                finalizers=["external-provisioner.volume.kubernetes.io/finalizer", "kubernetes.io/pv-protection"])


def quota(ns, name, hard, used, *, created, labels=None, existing=True, manager="kubectl-client-side-apply",
          lac=True, mtime=None):
    return make("ResourceQuota", name, ns, {"spec": {"hard": dict(hard)}}, created=created, manager=manager,
                labels=labels, lac=lac, existing=existing, status={"hard": dict(hard), "used": dict(used)},
                status_manager=CM, mtime=mtime)


def limitrange(ns, name, limits, *, created, labels=None, existing=True, manager="kubectl-client-side-apply",
               lac=True):
    return make("LimitRange", name, ns, {"spec": {"limits": limits}}, created=created, manager=manager,
                labels=labels, lac=lac, existing=existing)


def scale_case(mission, category, parent, new_replicas, why, group="apps", resource="deployments"):
    md = parent["metadata"]
    sel = ",".join("%s=%s" % kv for kv in sorted(parent["spec"]["selector"]["matchLabels"].items()))
    cur = parent["spec"]["replicas"]
    old = scale_obj(parent, cur, cur, sel)
    new = scale_obj(parent, new_replicas, cur, sel)
    return case(mission, category, "UPDATE", new, old, why, subresource="scale",
                gvr=(group, "v1", resource))


def mutate(old, manager, time, *fns, op="Update", relac=False):
    def f(o):
        for fn in fns:
            fn(o)
    return update(old, f, manager, time, op=op, relac=relac)


def set_image(cname, image):
    def f(o):
        for c in pod_of(o).get("initContainers", []) + pod_of(o)["containers"]:
            if c["name"] == cname:
                c["image"] = image
                return
        raise KeyError(cname)
    return f


def set_resources(cname, r):
    def f(o):
        find_ctr(o, cname)["resources"] = copy.deepcopy(r)
    return f


def set_replicas(n):
    def f(o):
        o["spec"]["replicas"] = n
    return f
