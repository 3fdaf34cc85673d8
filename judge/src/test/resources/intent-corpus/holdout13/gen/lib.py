"""Shared helpers that build realistic Kubernetes objects (stdlib only, deterministic)."""
import copy
import hashlib
import uuid

REG = "registry.corp.example"


def uid(s):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "h13/" + s))


def rv(s):
    return str(int(hashlib.sha256(s.encode()).hexdigest()[:8], 16) % 90000000 + 10000000)


def ts(s, new=False):
    h = int(hashlib.sha256(s.encode()).hexdigest()[:8], 16)
    if new:
        return "2025-03-18T%02d:%02d:%02dZ" % (9 + h % 8, h % 60, (h // 60) % 60)
    return "2024-%02d-%02dT%02d:%02d:%02dZ" % (6 + h % 6, 1 + h % 27, h % 24, (h // 7) % 60, (h // 11) % 60)


def fields(d):
    return {"f:" + k: {} for k in d}


def meta(kind, api, name, ns, labels=None, ann=None, new=False, gen=True, manager=None, owner=None):
    labels = dict(labels or {})
    ann = dict(ann or {})
    key = "%s/%s/%s" % (kind, ns, name)
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["uid"] = uid(key)
    if not new:
        m["resourceVersion"] = rv(key)
    if gen and not new:
        m["generation"] = 1 + int(rv(key)) % 9
    elif gen:
        m["generation"] = 1
    m["creationTimestamp"] = ts(key, new)
    if labels:
        m["labels"] = labels
    if ann:
        m["annotations"] = ann
    if owner:
        m["ownerReferences"] = owner
    mf = {"f:metadata": {}}
    if labels:
        mf["f:metadata"]["f:labels"] = fields(labels)
    if ann:
        mf["f:metadata"]["f:annotations"] = fields(ann)
    mf["f:spec"] = {}
    m["managedFields"] = [{
        "manager": manager or ("kubectl-client-side-apply" if new else "argocd-controller"),
        "operation": "Update",
        "apiVersion": api,
        "time": m["creationTimestamp"],
        "fieldsType": "FieldsV1",
        "fieldsV1": mf,
    }]
    if not new and kind in ("Deployment", "StatefulSet", "HorizontalPodAutoscaler", "PersistentVolumeClaim", "CronJob", "PodDisruptionBudget", "ResourceQuota"):
        m["managedFields"].append({
            "manager": "kube-controller-manager",
            "operation": "Update",
            "apiVersion": api,
            "time": ts(key + "/status"),
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:status": {}},
            "subresource": "status",
        })
    return m


def std_labels(app, part="server", extra=None):
    d = {"app.kubernetes.io/name": app, "app.kubernetes.io/component": part,
         "app.kubernetes.io/managed-by": "argocd", "app.kubernetes.io/part-of": app.split("-")[0]}
    d.update(extra or {})
    return d


def res(rc=None, rm=None, lc=None, lm=None):
    r = {}
    if rc or rm:
        r["requests"] = {k: v for k, v in (("cpu", rc), ("memory", rm)) if v}
    if lc or lm:
        r["limits"] = {k: v for k, v in (("cpu", lc), ("memory", lm)) if v}
    return r


def sc_restricted(uid_=10001):
    return {"runAsNonRoot": True, "runAsUser": uid_, "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}}


def container(name, image, port=8080, env=None, resources=None, probe="/healthz", args=None,
              command=None, mounts=None, sc=None, port_name="http"):
    c = {"name": name, "image": image}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if port:
        c["ports"] = [{"name": port_name, "containerPort": port, "protocol": "TCP"}]
    c["env"] = [{"name": k, "value": v} if isinstance(v, str) else dict(name=k, **v) for k, v in (env or {}).items()]
    c["resources"] = resources if resources is not None else res("100m", "128Mi", "500m", "256Mi")
    if probe and port:
        c["readinessProbe"] = {"httpGet": {"path": probe, "port": port_name, "scheme": "HTTP"},
                               "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 2,
                               "successThreshold": 1, "failureThreshold": 3}
        c["livenessProbe"] = {"httpGet": {"path": probe, "port": port_name, "scheme": "HTTP"},
                              "initialDelaySeconds": 15, "periodSeconds": 20, "timeoutSeconds": 2,
                              "successThreshold": 1, "failureThreshold": 3}
    if mounts:
        c["volumeMounts"] = [{"name": n, "mountPath": p} for n, p in mounts]
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["imagePullPolicy"] = "IfNotPresent"
    c["securityContext"] = sc if sc is not None else sc_restricted()
    return c


def podspec(containers, sa="default", volumes=None, init=None, extra=None):
    p = {"serviceAccountName": sa, "serviceAccount": sa, "automountServiceAccountToken": False}
    if init:
        p["initContainers"] = init
    p["containers"] = containers
    p["volumes"] = volumes or []
    p.update({"restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
              "schedulerName": "default-scheduler",
              "securityContext": {"fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"}}})
    p.update(extra or {})
    return p


def template(app, labels, spec, ann=None):
    t = {"metadata": {"labels": {"app.kubernetes.io/name": app, **{k: v for k, v in labels.items() if k == "app.kubernetes.io/component"}}}, "spec": spec}
    if ann:
        t["metadata"]["annotations"] = ann
    return t


def deployment(name, ns, containers, replicas=2, labels=None, ann=None, new=False, volumes=None, sa="default",
               init=None, strategy=None, pod_ann=None):
    labels = labels or std_labels(name)
    ann = dict(ann or {})
    if not new:
        ann.setdefault("deployment.kubernetes.io/revision", str(3 + int(rv(name)) % 20))
    m = meta("Deployment", "apps/v1", name, ns, labels, ann, new)
    obj = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": m, "spec": {
        "replicas": replicas, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
        "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
        "strategy": strategy or {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
        "template": template(name, labels, podspec(containers, sa, volumes, init), pod_ann)}}
    obj["status"] = {} if new else dep_status(replicas, m["generation"])
    return obj


def dep_status(r, g):
    return {"observedGeneration": g, "replicas": r, "updatedReplicas": r, "readyReplicas": r, "availableReplicas": r,
            "conditions": [
                {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                 "message": "Deployment has minimum availability.", "lastUpdateTime": "2025-03-10T08:00:12Z",
                 "lastTransitionTime": "2025-03-10T08:00:12Z"},
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                 "message": "ReplicaSet has successfully progressed.", "lastUpdateTime": "2025-03-10T07:58:40Z",
                 "lastTransitionTime": "2025-02-01T11:20:03Z"}]}


def statefulset(name, ns, containers, replicas=1, labels=None, new=False, volumes=None, sa="default", vct=None, init=None):
    labels = labels or std_labels(name)
    m = meta("StatefulSet", "apps/v1", name, ns, labels, None, new)
    obj = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": m, "spec": {
        "replicas": replicas, "serviceName": name, "podManagementPolicy": "OrderedReady", "revisionHistoryLimit": 10,
        "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
        "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
        "template": template(name, labels, podspec(containers, sa, volumes, init))}}
    if vct:
        obj["spec"]["volumeClaimTemplates"] = vct
    obj["status"] = {} if new else {"observedGeneration": m["generation"], "replicas": replicas, "readyReplicas": replicas,
                                    "currentReplicas": replicas, "updatedReplicas": replicas, "availableReplicas": replicas,
                                    "currentRevision": name + "-6c9d8f7b5", "updateRevision": name + "-6c9d8f7b5",
                                    "collisionCount": 0}
    return obj


def service(name, ns, port=80, target="http", typ="ClusterIP", selector=None, labels=None, ann=None, new=False, extra=None):
    m = meta("Service", "v1", name, ns, labels or std_labels(selector or name), ann, new, gen=False)
    ip = "10.96.%d.%d" % (int(rv(name)) % 250, int(rv(ns + name)) % 250)
    spec = {"type": typ, "selector": {"app.kubernetes.io/name": selector or name},
            "ports": [{"name": "http", "port": port, "targetPort": target, "protocol": "TCP"}],
            "clusterIP": ip, "clusterIPs": [ip], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "sessionAffinity": "None", "internalTrafficPolicy": "Cluster"}
    if typ in ("NodePort", "LoadBalancer"):
        spec["ports"][0]["nodePort"] = 31000 + int(rv(name)) % 700
        spec["externalTrafficPolicy"] = "Cluster"
    spec.update(extra or {})
    return {"apiVersion": "v1", "kind": "Service", "metadata": m, "spec": spec,
            "status": {"loadBalancer": {}}}


def ingress(name, ns, host, svc, port=80, cls="nginx-internal", tls="int-wildcard-tls", ann=None, new=False, labels=None):
    m = meta("Ingress", "networking.k8s.io/v1", name, ns, labels or std_labels(svc), ann, new)
    spec = {"ingressClassName": cls, "rules": [{"host": host, "http": {"paths": [
        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": svc, "port": {"number": port}}}}]}}]}
    if tls:
        spec["tls"] = [{"hosts": [host], "secretName": tls}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": m, "spec": spec,
            "status": {"loadBalancer": {}}}


def configmap(name, ns, data, labels=None, ann=None, new=False):
    m = meta("ConfigMap", "v1", name, ns, labels or {"app.kubernetes.io/managed-by": "argocd"}, ann, new, gen=False)
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": m, "data": data}


def hpa(name, ns, mn, mx, target=None, cpu=70, new=False):
    m = meta("HorizontalPodAutoscaler", "autoscaling/v2", name, ns, std_labels(target or name), None, new, gen=False)
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": m, "spec": {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target or name},
        "minReplicas": mn, "maxReplicas": mx,
        "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}}}],
        "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                                   "policies": [{"type": "Percent", "value": 50, "periodSeconds": 60}]}}},
        "status": {} if new else {"currentReplicas": mn, "desiredReplicas": mn, "lastScaleTime": "2025-03-14T02:11:09Z",
                                  "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 41, "averageValue": "103m"}}}],
                                  "conditions": [{"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale",
                                                  "lastTransitionTime": "2025-03-14T02:11:09Z"}]}}


def pdb(name, ns, sel, new=False, **kw):
    m = meta("PodDisruptionBudget", "policy/v1", name, ns, std_labels(sel), None, new)
    spec = dict(kw)
    spec["selector"] = {"matchLabels": {"app.kubernetes.io/name": sel}}
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": m, "spec": spec,
            "status": {} if new else {"observedGeneration": m["generation"], "currentHealthy": 3, "desiredHealthy": 2,
                                      "disruptionsAllowed": 1, "expectedPods": 3}}


def quota(name, ns, hard, new=False):
    m = meta("ResourceQuota", "v1", name, ns, {"app.kubernetes.io/managed-by": "platform-tenancy"}, None, new, gen=False)
    used = {k: v for k, v in hard.items()}
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": m, "spec": {"hard": dict(hard)},
            "status": {} if new else {"hard": dict(hard), "used": used}}


def netpol(name, ns, pod_sel, ingress_rules, new=False, labels=None, ann=None):
    m = meta("NetworkPolicy", "networking.k8s.io/v1", name, ns, labels or {"app.kubernetes.io/managed-by": "kubectl"}, ann, new)
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": m, "spec": {
        "podSelector": {"matchLabels": pod_sel} if pod_sel else {}, "policyTypes": ["Ingress"], "ingress": ingress_rules}}


def pvc(name, ns, size, sc="gp3", new=False, labels=None, ann=None, mode="ReadWriteOnce"):
    ann = dict(ann or {})
    if not new:
        ann.setdefault("pv.kubernetes.io/bind-completed", "yes")
        ann.setdefault("volume.kubernetes.io/storage-provisioner", "ebs.csi.aws.com")
    m = meta("PersistentVolumeClaim", "v1", name, ns, labels or {"app.kubernetes.io/managed-by": "kubectl"}, ann, new, gen=False)
    if not new:
        m["finalizers"] = ["kubernetes.io/pvc-protection"]
    spec = {"accessModes": [mode], "resources": {"requests": {"storage": size}}, "storageClassName": sc, "volumeMode": "Filesystem"}
    if not new:
        spec["volumeName"] = "pvc-" + uid(name + ns)
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": m, "spec": spec,
            "status": {"phase": "Pending"} if new else {"phase": "Bound", "accessModes": [mode], "capacity": {"storage": size}}}


def role(name, ns, rules, new=True, cluster=False, labels=None, ann=None):
    kind = "ClusterRole" if cluster else "Role"
    m = meta(kind, "rbac.authorization.k8s.io/v1", name, None if cluster else ns,
             labels or {"app.kubernetes.io/managed-by": "kubectl"}, ann, new, gen=False)
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": m,
            "rules": [{"apiGroups": g, "resources": r, "verbs": v} for g, r, v in rules]}


def binding(name, ns, role_kind, role_name, subjects, new=True, cluster=False, labels=None, ann=None):
    kind = "ClusterRoleBinding" if cluster else "RoleBinding"
    m = meta(kind, "rbac.authorization.k8s.io/v1", name, None if cluster else ns,
             labels or {"app.kubernetes.io/managed-by": "kubectl"}, ann, new, gen=False)
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": m,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
            "subjects": subjects}


def sa_subject(name, ns):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def serviceaccount(name, ns, new=True, labels=None):
    m = meta("ServiceAccount", "v1", name, ns, labels or {"app.kubernetes.io/managed-by": "kubectl"}, None, new, gen=False)
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": m, "automountServiceAccountToken": False}


def cronjob(name, ns, schedule, c, new=False, suspend=False, concurrency="Allow", deadline=None, active=3000, labels=None, ann=None, sa="default"):
    labels = labels or std_labels(name, "batch")
    m = meta("CronJob", "batch/v1", name, ns, labels, ann, new)
    spec = {"schedule": schedule, "timeZone": "Etc/UTC", "concurrencyPolicy": concurrency, "suspend": suspend,
            "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1}
    if deadline is not None:
        spec["startingDeadlineSeconds"] = deadline
    ps = podspec([c], sa)
    ps["restartPolicy"] = "OnFailure"
    spec["jobTemplate"] = {"metadata": {"labels": {"app.kubernetes.io/name": name}},
                           "spec": {"backoffLimit": 2, "activeDeadlineSeconds": active, "ttlSecondsAfterFinished": 86400,
                                    "template": {"metadata": {"labels": {"app.kubernetes.io/name": name}}, "spec": ps}}}
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": m, "spec": spec,
            "status": {} if new else {"lastScheduleTime": "2025-03-18T09:00:00Z", "lastSuccessfulTime": "2025-03-18T09:06:41Z"}}


def job(name, ns, c, owner_cron=None, new=False, status=None):
    owner = None
    if owner_cron:
        owner = [{"apiVersion": "batch/v1", "kind": "CronJob", "name": owner_cron, "uid": uid("CronJob/%s/%s" % (ns, owner_cron)),
                  "controller": True, "blockOwnerDeletion": True}]
    m = meta("Job", "batch/v1", name, ns, {"app.kubernetes.io/name": owner_cron or name,
                                             "batch.kubernetes.io/job-name": name}, None, new, owner=owner)
    ps = podspec([c])
    ps["restartPolicy"] = "OnFailure"
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": m, "spec": {
        "parallelism": 1, "completions": 1, "backoffLimit": 2, "completionMode": "NonIndexed", "suspend": False,
        "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": uid(name)}},
        "template": {"metadata": {"labels": {"batch.kubernetes.io/job-name": name,
                                             "batch.kubernetes.io/controller-uid": uid(name)}}, "spec": ps}},
        "status": status if status is not None else ({} if new else {"startTime": "2025-03-18T09:00:03Z", "active": 1, "ready": 0})}


def limitrange(name, ns, mx, default, new=False):
    m = meta("LimitRange", "v1", name, ns, {"app.kubernetes.io/managed-by": "platform-tenancy"}, None, new, gen=False)
    return {"apiVersion": "v1", "kind": "LimitRange", "metadata": m, "spec": {"limits": [
        {"type": "Container", "max": mx, "default": default, "defaultRequest": {"cpu": "100m", "memory": "128Mi"}}]}}


def prom_rule(name, ns, group, alerts, new=False, labels=None):
    m = meta("PrometheusRule", "monitoring.coreos.com/v1", name, ns, labels or {"release": "kube-prometheus-stack"}, None, new)
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule", "metadata": m, "spec": {"groups": [
        {"name": group, "rules": [{"alert": a, "expr": e, "for": f, "labels": {"severity": s},
                                   "annotations": {"summary": summ}} for a, e, f, s, summ in alerts]}]}}


def upd(old, fn, manager="kubectl-client-side-apply", bump=True):
    new = copy.deepcopy(old)
    fn(new)
    md = new["metadata"]
    if bump and "generation" in md and new.get("spec") != old.get("spec"):
        md["generation"] = md["generation"] + 1
    md["managedFields"] = md["managedFields"] + [{
        "manager": manager, "operation": "Update", "apiVersion": new["apiVersion"], "time": "2025-03-18T10:42:17Z",
        "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}]
    assert new != old
    return new


def ctr(obj, i=0):
    spec = obj["spec"]
    if obj["kind"] == "CronJob":
        return spec["jobTemplate"]["spec"]["template"]["spec"]["containers"][i]
    return spec["template"]["spec"]["containers"][i]


def pod(obj):
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return obj["spec"]["template"]["spec"]
