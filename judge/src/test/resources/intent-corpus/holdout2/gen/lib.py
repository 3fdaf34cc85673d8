"""Helpers to build realistic Kubernetes objects for the holdout2 corpus (stdlib only)."""
import copy
import hashlib
import json

_rv = [7310000]


def uid(*parts):
    h = hashlib.sha1("/".join(parts).encode()).hexdigest()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def rv():
    _rv[0] += 7919
    return str(_rv[0])


def meta(name, ns, labels=None, annotations=None, created="2026-11-18T09:12:44Z", gen=None, applied=None):
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["uid"] = uid(ns or "", name, created)
    m["resourceVersion"] = rv()
    if gen is not None:
        m["generation"] = gen
    m["creationTimestamp"] = created
    if labels:
        m["labels"] = dict(labels)
    if annotations:
        m["annotations"] = dict(annotations)
    return m


def with_applied(obj):
    """Add kubectl's last-applied-configuration annotation (as kubectl apply does)."""
    o = copy.deepcopy(obj)
    slim = copy.deepcopy(obj)
    for k in ("uid", "resourceVersion", "generation", "creationTimestamp"):
        slim["metadata"].pop(k, None)
    slim.pop("status", None)
    o["metadata"].setdefault("annotations", {})["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(slim, separators=(",", ":")) + "\n"
    return o


def res(cpu_req, mem_req, cpu_lim=None, mem_lim=None, gpu=None):
    r = {"requests": {"cpu": cpu_req, "memory": mem_req}}
    lim = {}
    if cpu_lim:
        lim["cpu"] = cpu_lim
    if mem_lim:
        lim["memory"] = mem_lim
    if gpu is not None:
        lim["nvidia.com/gpu"] = str(gpu)
        r["requests"]["nvidia.com/gpu"] = str(gpu)
    if lim:
        r["limits"] = lim
    return r


def http_probe(path, port, delay=10, period=10, fail=3):
    return {"httpGet": {"path": path, "port": port, "scheme": "HTTP"}, "initialDelaySeconds": delay,
            "periodSeconds": period, "timeoutSeconds": 3, "successThreshold": 1, "failureThreshold": fail}


def tcp_probe(port, delay=15, period=10):
    return {"tcpSocket": {"port": port}, "initialDelaySeconds": delay, "periodSeconds": period,
            "timeoutSeconds": 3, "successThreshold": 1, "failureThreshold": 3}


RESTRICTED_SC = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                 "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}


def container(name, image, ports=None, env=None, resources=None, readiness=None, liveness=None,
              command=None, args=None, mounts=None, sc=None, startup=None):
    c = {"name": name, "image": image}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if ports:
        c["ports"] = [{"name": p[0], "containerPort": p[1], "protocol": "TCP"} for p in ports]
    if env:
        c["env"] = [e if isinstance(e, dict) else {"name": e[0], "value": e[1]} for e in env]
    c["resources"] = resources or res("100m", "128Mi", "500m", "256Mi")
    if startup:
        c["startupProbe"] = startup
    if readiness:
        c["readinessProbe"] = readiness
    if liveness:
        c["livenessProbe"] = liveness
    if mounts:
        c["volumeMounts"] = [{"name": m[0], "mountPath": m[1], **({"readOnly": True} if len(m) > 2 and m[2] else {})} for m in mounts]
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["imagePullPolicy"] = "IfNotPresent"
    c["securityContext"] = copy.deepcopy(sc if sc is not None else RESTRICTED_SC)
    return c


def pod_spec(containers, sa="default", volumes=None, init=None, node_selector=None, tolerations=None,
             affinity=None, pod_sc=None, grace=30):
    s = {}
    if init:
        s["initContainers"] = init
    s["containers"] = containers
    s["restartPolicy"] = "Always"
    s["terminationGracePeriodSeconds"] = grace
    s["dnsPolicy"] = "ClusterFirst"
    s["serviceAccountName"] = sa
    s["serviceAccount"] = sa
    s["securityContext"] = pod_sc if pod_sc is not None else {"runAsNonRoot": True, "runAsUser": 10001, "fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"}}
    s["schedulerName"] = "default-scheduler"
    if node_selector:
        s["nodeSelector"] = node_selector
    if tolerations:
        s["tolerations"] = tolerations
    if affinity:
        s["affinity"] = affinity
    if volumes:
        s["volumes"] = volumes
    return s


def deployment(name, ns, replicas, spec, labels, annotations=None, pod_annotations=None, status=True,
               created="2026-10-02T14:03:11Z", gen=7, strategy=None, selector=None):
    sel = selector or {"app.kubernetes.io/name": labels.get("app.kubernetes.io/name", name)}
    tmpl_labels = dict(sel)
    for k in ("app.kubernetes.io/part-of", "app.kubernetes.io/version"):
        if k in labels:
            tmpl_labels[k] = labels[k]
    d = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": meta(name, ns, labels, annotations or {"deployment.kubernetes.io/revision": str(gen)}, created, gen),
         "spec": {"replicas": replicas, "selector": {"matchLabels": sel},
                  "strategy": strategy or {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                  "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                  "template": {"metadata": {"labels": tmpl_labels, **({"annotations": pod_annotations} if pod_annotations else {})},
                               "spec": spec}}}
    if status:
        d["status"] = {"observedGeneration": gen, "replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas,
                       "availableReplicas": replicas,
                       "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                       "lastUpdateTime": "2026-11-20T08:00:12Z", "lastTransitionTime": "2026-11-20T08:00:12Z",
                                       "message": "Deployment has minimum availability."},
                                      {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                                       "lastUpdateTime": "2026-11-20T08:01:40Z", "lastTransitionTime": "2026-10-02T14:03:11Z",
                                       "message": f'ReplicaSet "{name}-6b9f7c8d5" has successfully progressed.'}]}
    return d


def new_deployment(*a, **k):
    k["status"] = False
    k.setdefault("gen", 1)
    k.setdefault("created", "2026-12-02T00:41:07Z")
    d = deployment(*a, **k)
    d["metadata"].pop("generation", None)
    d["metadata"]["annotations"] = {kk: vv for kk, vv in d["metadata"].get("annotations", {}).items() if kk != "deployment.kubernetes.io/revision"}
    if not d["metadata"]["annotations"]:
        d["metadata"].pop("annotations")
    d["status"] = {}
    return d


def statefulset(name, ns, replicas, spec, labels, vcts, service, annotations=None, created="2026-06-11T10:20:00Z",
                gen=12, update_strategy=None, status=True, pod_annotations=None):
    sel = {"app.kubernetes.io/name": labels.get("app.kubernetes.io/name", name)}
    if "app.kubernetes.io/component" in labels:
        sel["app.kubernetes.io/component"] = labels["app.kubernetes.io/component"]
    s = {"apiVersion": "apps/v1", "kind": "StatefulSet",
         "metadata": meta(name, ns, labels, annotations, created, gen),
         "spec": {"replicas": replicas, "selector": {"matchLabels": sel}, "serviceName": service,
                  "podManagementPolicy": "OrderedReady",
                  "updateStrategy": update_strategy or {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                  "revisionHistoryLimit": 10,
                  "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
                  "template": {"metadata": {"labels": dict(sel), **({"annotations": pod_annotations} if pod_annotations else {})}, "spec": spec},
                  "volumeClaimTemplates": vcts}}
    if status:
        s["status"] = {"observedGeneration": gen, "replicas": replicas, "readyReplicas": replicas, "currentReplicas": replicas,
                       "updatedReplicas": replicas, "availableReplicas": replicas,
                       "currentRevision": f"{name}-7c9d54f8b6", "updateRevision": f"{name}-7c9d54f8b6", "collisionCount": 0}
    return s


def vct(name, size, sc):
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
            "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": sc, "volumeMode": "Filesystem",
                     "resources": {"requests": {"storage": size}}}, "status": {"phase": "Pending"}}


def service(name, ns, ports, selector, labels, typ="ClusterIP", annotations=None, created="2026-10-02T14:03:11Z",
            cluster_ip="10.96.41.17", status=True):
    s = {"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns, labels, annotations, created),
         "spec": {"type": typ, "selector": selector,
                  "ports": [{"name": p[0], "port": p[1], "targetPort": p[2], "protocol": "TCP", **({"nodePort": p[3]} if len(p) > 3 else {})} for p in ports],
                  "clusterIP": cluster_ip, "clusterIPs": [cluster_ip], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                  "sessionAffinity": "None", "internalTrafficPolicy": "Cluster"}}
    if typ in ("LoadBalancer", "NodePort"):
        s["spec"]["externalTrafficPolicy"] = "Cluster"
    if typ == "LoadBalancer":
        s["spec"]["allocateLoadBalancerNodePorts"] = True
    s["status"] = {"loadBalancer": {}} if status else {}
    return s


def configmap(name, ns, data, labels, annotations=None, created="2026-10-02T14:03:11Z"):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, ns, labels, annotations, created), "data": data}


def pvc(name, ns, size, sc, labels, annotations=None, created="2026-06-11T10:20:00Z", bound=True, volume=None, mode="ReadWriteOnce"):
    p = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta(name, ns, labels, annotations, created),
         "spec": {"accessModes": [mode], "resources": {"requests": {"storage": size}}, "storageClassName": sc, "volumeMode": "Filesystem"}}
    if bound:
        vol = volume or ("pvc-" + uid(ns, name, "pv"))
        p["spec"]["volumeName"] = vol
        p["metadata"].setdefault("annotations", {}).update({"pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
                                                              "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"})
        p["metadata"]["finalizers"] = ["kubernetes.io/pvc-protection"]
        p["status"] = {"phase": "Bound", "accessModes": [mode], "capacity": {"storage": size}}
    else:
        p["status"] = {"phase": "Pending"}
    return p


def job(name, ns, containers, labels, sa="default", volumes=None, annotations=None, backoff=2, ttl=3600,
        created="2026-12-02T00:52:30Z", deadline=None, pod_sc=None):
    spec = pod_spec(containers, sa=sa, volumes=volumes, pod_sc=pod_sc)
    spec["restartPolicy"] = "Never"
    j = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta(name, ns, labels, annotations, created),
         "spec": {"backoffLimit": backoff, "ttlSecondsAfterFinished": ttl, "completions": 1, "parallelism": 1,
                  "completionMode": "NonIndexed", "suspend": False,
                  "template": {"metadata": {"labels": {"app.kubernetes.io/name": labels.get("app.kubernetes.io/name", name), "job-name": name}}, "spec": spec}},
         "status": {}}
    if deadline:
        j["spec"]["activeDeadlineSeconds"] = deadline
    return j


def cronjob(name, ns, schedule, containers, labels, sa="default", volumes=None, annotations=None, created="2026-12-02T00:52:30Z",
            suspend=False, status=None, tz="Etc/UTC"):
    spec = pod_spec(containers, sa=sa, volumes=volumes)
    spec["restartPolicy"] = "OnFailure"
    c = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta(name, ns, labels, annotations, created),
         "spec": {"schedule": schedule, "timeZone": tz, "concurrencyPolicy": "Forbid", "suspend": suspend,
                  "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1, "startingDeadlineSeconds": 300,
                  "jobTemplate": {"metadata": {}, "spec": {"backoffLimit": 1, "template": {"metadata": {"labels": {"app.kubernetes.io/name": labels.get("app.kubernetes.io/name", name)}}, "spec": spec}}}},
         "status": status or {}}
    return c


def pdb(name, ns, selector, labels, min_available=None, max_unavailable=None, created="2026-12-02T00:44:02Z", status=None, annotations=None):
    spec = {"selector": {"matchLabels": selector}, "unhealthyPodEvictionPolicy": "IfHealthyBudget"}
    if min_available is not None:
        spec["minAvailable"] = min_available
    if max_unavailable is not None:
        spec["maxUnavailable"] = max_unavailable
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(name, ns, labels, annotations, created),
            "spec": spec, "status": status or {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0}}


def netpol(name, ns, pod_selector, labels, ingress=None, egress=None, annotations=None, created="2026-12-02T00:45:10Z"):
    types = []
    spec = {"podSelector": {"matchLabels": pod_selector}}
    if ingress is not None:
        spec["ingress"] = ingress
        types.append("Ingress")
    if egress is not None:
        spec["egress"] = egress
        types.append("Egress")
    spec["policyTypes"] = types
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta(name, ns, labels, annotations, created), "spec": spec}


def obj(api_version, kind, name, ns, spec, labels=None, annotations=None, created="2026-12-02T00:46:00Z", status=None, gen=None, extra=None):
    o = {"apiVersion": api_version, "kind": kind, "metadata": meta(name, ns, labels, annotations, created, gen)}
    if spec is not None:
        o["spec"] = spec
    if extra:
        o.update(extra)
    if status is not None:
        o["status"] = status
    return o


def scale(target_api, name, ns, replicas, current, selector, created="2026-06-11T10:20:00Z"):
    return {"apiVersion": "autoscaling/v1", "kind": "Scale",
            "metadata": {"name": name, "namespace": ns, "uid": uid(ns, name, created), "resourceVersion": rv(), "creationTimestamp": created},
            "spec": {"replicas": replicas}, "status": {"replicas": current, "selector": selector}}


def mutate(o, fn):
    n = copy.deepcopy(o)
    fn(n)
    return n
