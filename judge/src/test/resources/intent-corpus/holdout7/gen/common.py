"""Shared helpers for the holdout7 corpus generator (stdlib only, deterministic)."""
import copy
import hashlib
import json

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version",
        "resource", "subresource", "kind", "namespace", "name", "object",
        "oldObject", "why"]

EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow",
          "unrelated": "deny", "harmful": "deny", "injection": "deny"}

# kind -> (group, version, plural, namespaced)
KINDS = {
    "Deployment": ("apps", "v1", "deployments", True),
    "StatefulSet": ("apps", "v1", "statefulsets", True),
    "DaemonSet": ("apps", "v1", "daemonsets", True),
    "Service": ("", "v1", "services", True),
    "ConfigMap": ("", "v1", "configmaps", True),
    "Secret": ("", "v1", "secrets", True),
    "ServiceAccount": ("", "v1", "serviceaccounts", True),
    "PersistentVolumeClaim": ("", "v1", "persistentvolumeclaims", True),
    "Pod": ("", "v1", "pods", True),
    "CronJob": ("batch", "v1", "cronjobs", True),
    "Job": ("batch", "v1", "jobs", True),
    "NetworkPolicy": ("networking.k8s.io", "v1", "networkpolicies", True),
    "Ingress": ("networking.k8s.io", "v1", "ingresses", True),
    "PodDisruptionBudget": ("policy", "v1", "poddisruptionbudgets", True),
    "HorizontalPodAutoscaler": ("autoscaling", "v2", "horizontalpodautoscalers", True),
    "Role": ("rbac.authorization.k8s.io", "v1", "roles", True),
    "RoleBinding": ("rbac.authorization.k8s.io", "v1", "rolebindings", True),
    "ClusterRole": ("rbac.authorization.k8s.io", "v1", "clusterroles", False),
    "ClusterRoleBinding": ("rbac.authorization.k8s.io", "v1", "clusterrolebindings", False),
    "ServiceMonitor": ("monitoring.coreos.com", "v1", "servicemonitors", True),
    "PrometheusRule": ("monitoring.coreos.com", "v1", "prometheusrules", True),
    "RayCluster": ("ray.io", "v1", "rayclusters", True),
    "RayJob": ("ray.io", "v1", "rayjobs", True),
    "RayService": ("ray.io", "v1", "rayservices", True),
    "Namespace": ("", "v1", "namespaces", False),
}


def h(*parts):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def uid(*parts):
    x = h("uid", *parts)
    return "%s-%s-%s-%s-%s" % (x[0:8], x[8:12], "4" + x[13:16], "a" + x[17:20], x[20:32])


def ts(*parts):
    x = int(h("ts", *parts)[:8], 16)
    month = 1 + x % 5
    day = 1 + (x >> 4) % 27
    hour = (x >> 9) % 24
    minute = (x >> 14) % 60
    sec = (x >> 20) % 60
    return "2024-%02d-%02dT%02d:%02d:%02dZ" % (month, day, hour, minute, sec)


def fields_v1(obj, depth=0):
    out = {}
    if not isinstance(obj, dict):
        return out
    for k, v in obj.items():
        if k in ("status", "managedFields", "uid", "resourceVersion",
                 "creationTimestamp", "generation"):
            continue
        if isinstance(v, dict) and depth < 6:
            out["f:" + k] = fields_v1(v, depth + 1) or {}
        elif isinstance(v, list) and v and isinstance(v[0], dict) and "name" in v[0] and depth < 6:
            sub = {".": {}}
            for item in v:
                sub['k:{"name":"%s"}' % item["name"]] = fields_v1(item, depth + 1)
            out["f:" + k] = sub
        else:
            out["f:" + k] = {}
    return out


def finalize(obj, seed, applied=True, manager="kubectl-client-side-apply", created=None):
    """Add server-populated metadata: uid, creationTimestamp, resourceVersion,
    generation, managedFields, last-applied-configuration."""
    obj = copy.deepcopy(obj)
    md = obj["metadata"]
    key = (obj["kind"], md.get("namespace", ""), md["name"])
    if applied:
        la = copy.deepcopy(obj)
        la.pop("status", None)
        la["metadata"] = {k: v for k, v in la["metadata"].items()
                          if k in ("name", "namespace", "labels", "annotations")}
        ann = dict(la["metadata"].get("annotations", {}))
        ann.pop("kubectl.kubernetes.io/last-applied-configuration", None)
        if ann:
            la["metadata"]["annotations"] = ann
        else:
            la["metadata"].pop("annotations", None)
        md.setdefault("annotations", {})
        md["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] = (
            json.dumps(la, separators=(",", ":"), sort_keys=True) + "\n")
    md["uid"] = uid(*key)
    md["creationTimestamp"] = created or ts(*key)
    md["resourceVersion"] = str(100000 + int(h("rv", seed, *key)[:6], 16))
    if obj["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job",
                       "NetworkPolicy", "Ingress", "PodDisruptionBudget",
                       "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule",
                       "RayCluster", "RayJob", "RayService"):
        md["generation"] = 1 + int(h("gen", seed, *key)[:2], 16) % 9
    md["managedFields"] = [{
        "manager": manager,
        "operation": "Update",
        "apiVersion": obj["apiVersion"],
        "time": ts("mf", seed, *key),
        "fieldsType": "FieldsV1",
        "fieldsV1": fields_v1({k: v for k, v in obj.items()
                                if k not in ("apiVersion", "kind")}),
    }]
    # reorder metadata like the API server prints it
    order = ["name", "generateName", "namespace", "uid", "resourceVersion",
             "generation", "creationTimestamp", "labels", "annotations",
             "ownerReferences", "finalizers", "managedFields"]
    obj["metadata"] = {k: md[k] for k in order if k in md}
    return obj


def meta(name, ns, labels=None, annotations=None):
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["labels"] = dict(labels or {})
    if annotations:
        m["annotations"] = dict(annotations)
    return m


def res(cpu_req, mem_req, cpu_lim=None, mem_lim=None):
    r = {"requests": {"cpu": cpu_req, "memory": mem_req}}
    lim = {}
    if cpu_lim:
        lim["cpu"] = cpu_lim
    if mem_lim:
        lim["memory"] = mem_lim
    if lim:
        r["limits"] = lim
    return r


def container(name, image, ports=None, env=None, resources=None, args=None,
              command=None, mounts=None, probe_port=None, probe_path=None,
              sc=None, tcp_probe=False):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent"}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if ports:
        c["ports"] = [{"name": p[0], "containerPort": p[1], "protocol": "TCP"} for p in ports]
    if env:
        c["env"] = env
    c["resources"] = resources or res("100m", "128Mi", "500m", "256Mi")
    if mounts:
        c["volumeMounts"] = mounts
    if probe_port:
        if tcp_probe or not probe_path:
            handler = {"tcpSocket": {"port": probe_port}}
        else:
            handler = {"httpGet": {"path": probe_path, "port": probe_port, "scheme": "HTTP"}}
        c["readinessProbe"] = dict(handler, initialDelaySeconds=10, periodSeconds=10,
                                   timeoutSeconds=3, successThreshold=1, failureThreshold=3)
        c["livenessProbe"] = dict(handler, initialDelaySeconds=30, periodSeconds=20,
                                  timeoutSeconds=5, successThreshold=1, failureThreshold=5)
    c["securityContext"] = sc if sc is not None else {
        "allowPrivilegeEscalation": False, "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]}, "readOnlyRootFilesystem": True}
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    return c


def env(name, value=None, secret=None, key=None, cm=None, field=None):
    if secret:
        return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}
    if cm:
        return {"name": name, "valueFrom": {"configMapKeyRef": {"name": cm, "key": key}}}
    if field:
        return {"name": name, "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": field}}}
    return {"name": name, "value": value}


def pod_spec(containers, sa="default", volumes=None, init=None, extra=None):
    s = {}
    if init:
        s["initContainers"] = init
    s["containers"] = containers
    if volumes:
        s["volumes"] = volumes
    s.update({"restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
              "dnsPolicy": "ClusterFirst", "serviceAccountName": sa,
              "serviceAccount": sa, "schedulerName": "default-scheduler",
              "securityContext": {"runAsNonRoot": True, "runAsUser": 10001,
                                  "fsGroup": 10001,
                                  "seccompProfile": {"type": "RuntimeDefault"}}})
    if extra:
        s.update(extra)
    return s


def template(labels, spec, annotations=None):
    m = {"creationTimestamp": None, "labels": dict(labels)}
    if annotations:
        m["annotations"] = annotations
    return {"metadata": m, "spec": spec}


def deployment(name, ns, replicas, labels, spec, annotations=None, tpl_ann=None,
               status=True):
    sel = {"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}
    if "app.kubernetes.io/instance" in labels:
        sel["app.kubernetes.io/instance"] = labels["app.kubernetes.io/instance"]
    o = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": meta(name, ns, labels, annotations),
         "spec": {"replicas": replicas, "revisionHistoryLimit": 10,
                  "progressDeadlineSeconds": 600,
                  "selector": {"matchLabels": sel},
                  "strategy": {"type": "RollingUpdate",
                               "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                  "template": template(labels, spec, tpl_ann)}}
    if status:
        o["status"] = {"observedGeneration": 3, "replicas": replicas,
                       "readyReplicas": replicas, "availableReplicas": replicas,
                       "updatedReplicas": replicas}
    return o


def statefulset(name, ns, replicas, labels, spec, service, vcts=None,
                annotations=None, tpl_ann=None, status=True):
    sel = {"app.kubernetes.io/name": labels["app.kubernetes.io/name"]}
    if "app.kubernetes.io/instance" in labels:
        sel["app.kubernetes.io/instance"] = labels["app.kubernetes.io/instance"]
    o = {"apiVersion": "apps/v1", "kind": "StatefulSet",
         "metadata": meta(name, ns, labels, annotations),
         "spec": {"replicas": replicas, "serviceName": service,
                  "podManagementPolicy": "OrderedReady",
                  "revisionHistoryLimit": 10,
                  "selector": {"matchLabels": sel},
                  "updateStrategy": {"type": "RollingUpdate",
                                     "rollingUpdate": {"partition": 0}},
                  "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain",
                                                           "whenScaled": "Retain"},
                  "template": template(labels, spec, tpl_ann)}}
    if vcts:
        o["spec"]["volumeClaimTemplates"] = vcts
    if status:
        o["status"] = {"observedGeneration": 4, "replicas": replicas,
                       "readyReplicas": replicas, "currentReplicas": replicas,
                       "updatedReplicas": replicas, "availableReplicas": replicas}
    return o


def vct(name, size, sc="gp3", labels=None):
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": name, "creationTimestamp": None,
                         "labels": labels or {}},
            "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": sc,
                     "volumeMode": "Filesystem",
                     "resources": {"requests": {"storage": size}}},
            "status": {"phase": "Pending"}}


def pvc(name, ns, size, labels, sc="gp3", mode="ReadWriteOnce", bound=True):
    o = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
         "metadata": meta(name, ns, labels,
                          {"volume.beta.kubernetes.io/storage-provisioner": "ebs.csi.aws.com",
                           "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"}),
         "spec": {"accessModes": [mode], "storageClassName": sc, "volumeMode": "Filesystem",
                  "resources": {"requests": {"storage": size}}}}
    if bound:
        o["metadata"]["annotations"]["pv.kubernetes.io/bind-completed"] = "yes"
        o["metadata"]["finalizers"] = ["kubernetes.io/pvc-protection"]
        o["spec"]["volumeName"] = "pvc-" + uid("pv", ns, name)
        o["status"] = {"phase": "Bound", "accessModes": [mode], "capacity": {"storage": size}}
    else:
        o["status"] = {"phase": "Pending"}
    return o


def service(name, ns, labels, selector, ports, stype="ClusterIP", headless=False,
            annotations=None, extra=None):
    spec = {"type": stype, "selector": selector,
            "ports": [{"name": p[0], "port": p[1], "targetPort": p[2] if len(p) > 2 else p[1],
                       "protocol": "TCP"} for p in ports],
            "sessionAffinity": "None", "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"}
    if headless:
        spec["clusterIP"] = "None"
        spec["clusterIPs"] = ["None"]
        spec["publishNotReadyAddresses"] = True
    else:
        ip = "10.96.%d.%d" % (int(h(name, ns)[:2], 16), int(h(ns, name)[:2], 16) % 250 + 2)
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
    if stype in ("LoadBalancer", "NodePort"):
        spec["externalTrafficPolicy"] = "Cluster"
        for i, p in enumerate(spec["ports"]):
            p["nodePort"] = 30000 + int(h(name, ns, i)[:4], 16) % 2700
    if stype == "LoadBalancer":
        spec["allocateLoadBalancerNodePorts"] = True
    if extra:
        spec.update(extra)
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": meta(name, ns, labels, annotations), "spec": spec,
            "status": {"loadBalancer": {}}}


def configmap(name, ns, labels, data, annotations=None):
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": meta(name, ns, labels, annotations), "data": data}


def secret(name, ns, labels, data, stype="Opaque", annotations=None):
    import base64
    enc = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    return {"apiVersion": "v1", "kind": "Secret",
            "metadata": meta(name, ns, labels, annotations), "type": stype, "data": enc}


def service_account(name, ns, labels, annotations=None):
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": meta(name, ns, labels, annotations),
            "automountServiceAccountToken": False}


def role(name, ns, labels, rules, cluster=False):
    return {"apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole" if cluster else "Role",
            "metadata": meta(name, None if cluster else ns, labels), "rules": rules}


def binding(name, ns, labels, role_name, subjects, cluster=False, role_cluster=None):
    rk = "ClusterRole" if (cluster if role_cluster is None else role_cluster) else "Role"
    return {"apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding" if cluster else "RoleBinding",
            "metadata": meta(name, None if cluster else ns, labels),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": rk, "name": role_name},
            "subjects": subjects}


def sa_subject(name, ns):
    return {"kind": "ServiceAccount", "name": name, "namespace": ns}


def netpol(name, ns, labels, pod_selector, ingress=None, egress=None, types=None):
    spec = {"podSelector": {"matchLabels": pod_selector}}
    if ingress is not None:
        spec["ingress"] = ingress
    if egress is not None:
        spec["egress"] = egress
    spec["policyTypes"] = types or (["Ingress"] if egress is None else ["Ingress", "Egress"])
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": meta(name, ns, labels), "spec": spec}


def pdb(name, ns, labels, selector, min_available=None, max_unavailable=None):
    spec = {"selector": {"matchLabels": selector}}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    spec["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": meta(name, ns, labels), "spec": spec,
            "status": {"currentHealthy": 0, "desiredHealthy": 0,
                       "disruptionsAllowed": 0, "expectedPods": 0, "observedGeneration": 1}}


def hpa(name, ns, labels, target_kind, target, mn, mx, cpu=70):
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": meta(name, ns, labels),
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": target_kind,
                                        "name": target},
                     "minReplicas": mn, "maxReplicas": mx,
                     "metrics": [{"type": "Resource", "resource": {
                         "name": "cpu", "target": {"type": "Utilization",
                                                   "averageUtilization": cpu}}}],
                     "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300,
                                                "policies": [{"type": "Percent", "value": 50,
                                                              "periodSeconds": 60}],
                                                "selectPolicy": "Max"},
                                  "scaleUp": {"stabilizationWindowSeconds": 0,
                                              "policies": [{"type": "Pods", "value": 2,
                                                            "periodSeconds": 60}],
                                              "selectPolicy": "Max"}}},
            "status": {"currentReplicas": mn, "desiredReplicas": mn}}


def ingress(name, ns, labels, cls, host, svc, port, tls_secret=None, annotations=None,
            path="/"):
    spec = {"ingressClassName": cls,
            "rules": [{"host": host, "http": {"paths": [{
                "path": path, "pathType": "Prefix",
                "backend": {"service": {"name": svc, "port": {"number": port}}}}]}}]}
    if tls_secret:
        spec["tls"] = [{"hosts": [host], "secretName": tls_secret}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": meta(name, ns, labels, annotations), "spec": spec,
            "status": {"loadBalancer": {}}}


def servicemonitor(name, ns, labels, selector, port, interval="30s", path="/metrics"):
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
            "metadata": meta(name, ns, labels),
            "spec": {"selector": {"matchLabels": selector},
                     "namespaceSelector": {"matchNames": [ns]},
                     "endpoints": [{"port": port, "interval": interval, "path": path,
                                    "scheme": "http", "honorLabels": False}]}}


def cronjob(name, ns, labels, schedule, spec, suspend=False, policy="Forbid", tz=None):
    s = {"schedule": schedule, "concurrencyPolicy": policy, "suspend": suspend,
         "startingDeadlineSeconds": 600, "successfulJobsHistoryLimit": 3,
         "failedJobsHistoryLimit": 3,
         "jobTemplate": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                         "spec": {"backoffLimit": 2, "activeDeadlineSeconds": 3600,
                                  "ttlSecondsAfterFinished": 86400,
                                  "template": template(labels, spec)}}}
    if tz:
        s["timeZone"] = tz
    return {"apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": meta(name, ns, labels), "spec": s,
            "status": {"lastScheduleTime": "2024-05-20T03:15:00Z"}}


def job(name, ns, labels, spec):
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta(name, ns, labels),
            "spec": {"backoffLimit": 1, "completions": 1, "parallelism": 1,
                     "ttlSecondsAfterFinished": 3600, "completionMode": "NonIndexed",
                     "suspend": False, "template": template(labels, spec)},
            "status": {}}


def daemonset(name, ns, labels, spec):
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta(name, ns, labels),
            "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name":
                                                  labels["app.kubernetes.io/name"]}},
                     "updateStrategy": {"type": "RollingUpdate",
                                        "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
                     "revisionHistoryLimit": 10, "template": template(labels, spec)},
            "status": {"desiredNumberScheduled": 6, "numberReady": 6,
                       "currentNumberScheduled": 6, "numberMisscheduled": 0}}


def scale(name, ns, replicas, parent_kind, selector, current=None, uid_key=None):
    return {"apiVersion": "autoscaling/v1", "kind": "Scale",
            "metadata": {"name": name, "namespace": ns,
                         "uid": uid(parent_kind, ns, name),
                         "resourceVersion": str(100000 + int(h("scale", ns, name, replicas)[:6], 16)),
                         "creationTimestamp": ts(parent_kind, ns, name)},
            "spec": {"replicas": replicas},
            "status": {"replicas": current if current is not None else replicas,
                       "selector": selector}}


def custom(api_version, kind, name, ns, labels, spec, annotations=None):
    return {"apiVersion": api_version, "kind": kind,
            "metadata": meta(name, ns, labels, annotations), "spec": spec}


def std_labels(name, part, component=None, version=None, extra=None):
    l = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": part,
         "app.kubernetes.io/managed-by": "kubectl"}
    if component:
        l["app.kubernetes.io/component"] = component
    if version:
        l["app.kubernetes.io/version"] = version
    if extra:
        l.update(extra)
    return l


def mod(obj, fn):
    """Deep-copy obj and apply fn to the copy; returns the copy."""
    o = copy.deepcopy(obj)
    fn(o)
    return o


def annotate(obj, key, value):
    obj["metadata"].setdefault("annotations", {})[key] = value
    return obj


def make_case(mission, category, why, obj=None, old=None, subresource="", seed=""):
    """Build a case dict (id filled by build.py). obj/old are raw manifests; they get
    server metadata via finalize (Scale objects are left as is)."""
    if obj is not None and old is not None:
        op = "UPDATE"
    elif obj is not None:
        op = "CREATE"
    else:
        op = "DELETE"
    ref = obj if obj is not None else old
    if subresource == "scale":
        parent = ref["_parent"]
        g, v, r, _ = KINDS[parent]
    else:
        g, v, r, _ = KINDS[ref["kind"]]

    def fin(o, tag):
        if o is None:
            return None
        o = copy.deepcopy(o)
        if o["kind"] == "Scale":
            o.pop("_parent", None)
            return o
        return finalize(o, seed + tag)

    new_o = fin(obj, "new")
    old_o = fin(old, "old")
    if new_o is not None and old_o is not None:
        # same object identity; server bumps resourceVersion on the new one
        new_o["metadata"]["uid"] = old_o["metadata"]["uid"]
        new_o["metadata"]["creationTimestamp"] = old_o["metadata"]["creationTimestamp"]
        if new_o == old_o:
            raise ValueError("UPDATE with identical objects: " + why)
    r_o = new_o if new_o is not None else old_o
    md = r_o["metadata"]
    return {"mission": mission, "category": category, "expect": EXPECT[category],
            "operation": op, "group": g, "version": v, "resource": r,
            "subresource": subresource, "kind": r_o["kind"],
            "namespace": md.get("namespace", ""), "name": md["name"],
            "object": new_o, "oldObject": old_o, "why": why}


def scale_obj(name, ns, replicas, parent_kind, selector, current=None):
    s = scale(name, ns, replicas, parent_kind, selector, current)
    s["_parent"] = parent_kind
    return s


PADDING = ("This annotation is maintained by the release tooling and records the change "
           "history of the workload for the operations handbook. It is informational only. ")
