"""Helpers for the hand-written IBAC intent test corpus (labels decided from the goal alone)."""
import copy, hashlib, json

CASES = []

KINDS = {
    ("apps/v1", "Deployment"): ("apps", "v1", "deployments"),
    ("apps/v1", "StatefulSet"): ("apps", "v1", "statefulsets"),
    ("v1", "Service"): ("", "v1", "services"),
    ("v1", "ConfigMap"): ("", "v1", "configmaps"),
    ("v1", "Secret"): ("", "v1", "secrets"),
    ("v1", "ServiceAccount"): ("", "v1", "serviceaccounts"),
    ("v1", "PersistentVolumeClaim"): ("", "v1", "persistentvolumeclaims"),
    ("v1", "Namespace"): ("", "v1", "namespaces"),
    ("v1", "Pod"): ("", "v1", "pods"),
    ("batch/v1", "Job"): ("batch", "v1", "jobs"),
    ("batch/v1", "CronJob"): ("batch", "v1", "cronjobs"),
    ("networking.k8s.io/v1", "Ingress"): ("networking.k8s.io", "v1", "ingresses"),
    ("networking.k8s.io/v1", "NetworkPolicy"): ("networking.k8s.io", "v1", "networkpolicies"),
    ("policy/v1", "PodDisruptionBudget"): ("policy", "v1", "poddisruptionbudgets"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"): ("autoscaling", "v2", "horizontalpodautoscalers"),
    ("rbac.authorization.k8s.io/v1", "Role"): ("rbac.authorization.k8s.io", "v1", "roles"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): ("rbac.authorization.k8s.io", "v1", "rolebindings"),
    ("cert-manager.io/v1", "Certificate"): ("cert-manager.io", "v1", "certificates"),
    ("monitoring.coreos.com/v1", "PrometheusRule"): ("monitoring.coreos.com", "v1", "prometheusrules"),
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): ("kafka.strimzi.io", "v1beta2", "kafkatopics"),
    ("autoscaling.k8s.io/v1", "VerticalPodAutoscaler"): ("autoscaling.k8s.io", "v1", "verticalpodautoscalers"),
}

def uid(seed):
    h = hashlib.sha1(seed.encode()).hexdigest()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

def rv(seed):
    return str(int(hashlib.sha1(("rv" + seed).encode()).hexdigest()[:7], 16) + 1000000)

def meta(name, ns, labels=None, annotations=None, live=True, created="2026-06-14T09:21:07Z", generation=None, extra=None):
    m = {"name": name}
    if ns is not None:
        m["namespace"] = ns
    if live:
        m["uid"] = uid(f"{ns}/{name}")
        m["resourceVersion"] = rv(f"{ns}/{name}")
        m["creationTimestamp"] = created
        if generation is not None:
            m["generation"] = generation
    if labels:
        m["labels"] = dict(labels)
    if annotations:
        m["annotations"] = dict(annotations)
    if extra:
        m.update(extra)
    return m

def fresh(name, ns, labels=None, annotations=None):
    """metadata as the API server sends it on CREATE (uid and creationTimestamp set, no resourceVersion)."""
    m = {"name": name, "namespace": ns, "uid": uid(f"new/{ns}/{name}"), "creationTimestamp": "2026-12-01T21:30:00Z"}
    if labels: m["labels"] = dict(labels)
    if annotations: m["annotations"] = dict(annotations)
    return m

def managed(manager, op="Update", time="2026-11-02T10:11:12Z", fields=None, sub=None):
    e = {"manager": manager, "operation": op, "apiVersion": "apps/v1", "time": time, "fieldsType": "FieldsV1",
         "fieldsV1": fields or {"f:metadata": {"f:labels": {".": {}, "f:app.kubernetes.io/name": {}}},
                                "f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {}}}}}}
    if sub: e["subresource"] = sub
    return e

def deploy_managed_fields(app):
    return [
        managed("kubectl-client-side-apply", fields={
            "f:metadata": {"f:annotations": {".": {}, "f:kubectl.kubernetes.io/last-applied-configuration": {}},
                           "f:labels": {".": {}, "f:app.kubernetes.io/name": {}, "f:app.kubernetes.io/part-of": {}, "f:app.kubernetes.io/version": {}}},
            "f:spec": {"f:progressDeadlineSeconds": {}, "f:replicas": {}, "f:revisionHistoryLimit": {},
                       "f:selector": {}, "f:strategy": {"f:rollingUpdate": {".": {}, "f:maxSurge": {}, "f:maxUnavailable": {}}, "f:type": {}},
                       "f:template": {"f:metadata": {"f:labels": {".": {}, "f:app.kubernetes.io/name": {}}},
                                      "f:spec": {"f:containers": {f"k:{{\"name\":\"{app}\"}}": {".": {}, "f:env": {}, "f:image": {}, "f:imagePullPolicy": {},
                                                                                              "f:livenessProbe": {}, "f:name": {}, "f:ports": {}, "f:readinessProbe": {}, "f:resources": {}}},
                                                 "f:dnsPolicy": {}, "f:restartPolicy": {}, "f:schedulerName": {}, "f:securityContext": {}, "f:terminationGracePeriodSeconds": {}}}}}),
        managed("kube-controller-manager", time="2026-11-28T03:44:51Z", sub="status", fields={
            "f:metadata": {"f:annotations": {"f:deployment.kubernetes.io/revision": {}}},
            "f:status": {"f:availableReplicas": {}, "f:conditions": {}, "f:observedGeneration": {}, "f:readyReplicas": {}, "f:replicas": {}, "f:updatedReplicas": {}}}),
    ]

def container(name, image, port=8080, env=None, cpu="250m", mem="256Mi", lcpu=None, lmem=None, probes=True,
              probe_path="/healthz", ready_path="/ready", command=None, args=None, mounts=None, extra=None):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent"}
    if command: c["command"] = command
    if args: c["args"] = args
    if port:
        c["ports"] = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
    if env is not None:
        c["env"] = env
    res = {"requests": {"cpu": cpu, "memory": mem}}
    if lcpu or lmem:
        res["limits"] = {}
        if lcpu: res["limits"]["cpu"] = lcpu
        if lmem: res["limits"]["memory"] = lmem
    c["resources"] = res
    if probes and port:
        c["readinessProbe"] = {"httpGet": {"path": ready_path, "port": "http", "scheme": "HTTP"}, "initialDelaySeconds": 5,
                               "periodSeconds": 10, "timeoutSeconds": 2, "successThreshold": 1, "failureThreshold": 3}
        c["livenessProbe"] = {"httpGet": {"path": probe_path, "port": "http", "scheme": "HTTP"}, "initialDelaySeconds": 20,
                              "periodSeconds": 20, "timeoutSeconds": 3, "successThreshold": 1, "failureThreshold": 5}
    if mounts:
        c["volumeMounts"] = mounts
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    c["securityContext"] = {"allowPrivilegeEscalation": False, "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
    if extra: c.update(extra)
    return c

def env(**kw):
    return [{"name": k, "value": v} for k, v in kw.items()]

def pod_spec(containers, volumes=None, sa=None, extra=None):
    s = {"containers": containers, "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
         "schedulerName": "default-scheduler", "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}}
    if sa: s["serviceAccountName"] = sa
    if volumes: s["volumes"] = volumes
    if extra: s.update(extra)
    return s

def deployment(name, ns, containers, replicas=2, labels=None, annotations=None, volumes=None, sa=None, live=True,
               strategy=None, tmpl_annotations=None, part_of=None, version=None, status=True, mf=False):
    sel = {"app.kubernetes.io/name": name}
    lab = {"app.kubernetes.io/name": name}
    if part_of: lab["app.kubernetes.io/part-of"] = part_of
    if version: lab["app.kubernetes.io/version"] = version
    if labels: lab.update(labels)
    md = meta(name, ns, lab, annotations, generation=7) if live else fresh(name, ns, lab, annotations)
    if live:
        md.setdefault("annotations", {})["deployment.kubernetes.io/revision"] = "6"
        if mf: md["managedFields"] = deploy_managed_fields(name)
    tm = {"labels": dict(sel, **({"app.kubernetes.io/part-of": part_of} if part_of else {}))}
    if tmpl_annotations: tm["annotations"] = dict(tmpl_annotations)
    d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": md,
         "spec": {"replicas": replicas, "selector": {"matchLabels": sel}, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                  "strategy": strategy or {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                  "template": {"metadata": tm, "spec": pod_spec(containers, volumes, sa)}}}
    if live and status:
        d["status"] = {"observedGeneration": 7, "replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas,
                       "availableReplicas": replicas,
                       "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                       "message": "Deployment has minimum availability.", "lastUpdateTime": "2026-11-28T03:44:51Z", "lastTransitionTime": "2026-11-28T03:44:51Z"},
                                      {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                                       "message": f"ReplicaSet \"{name}-6d9f8c7b5\" has successfully progressed.", "lastUpdateTime": "2026-11-28T03:44:51Z", "lastTransitionTime": "2026-06-14T09:21:07Z"}]}
    return d

def service(name, ns, port=80, target="http", typ="ClusterIP", live=True, selector=None, labels=None, annotations=None, extra=None):
    md = meta(name, ns, labels or {"app.kubernetes.io/name": name}, annotations) if live else fresh(name, ns, labels or {"app.kubernetes.io/name": name}, annotations)
    s = {"apiVersion": "v1", "kind": "Service", "metadata": md,
         "spec": {"type": typ, "selector": selector or {"app.kubernetes.io/name": name},
                  "ports": [{"name": "http", "port": port, "targetPort": target, "protocol": "TCP"}],
                  "sessionAffinity": "None", "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}}
    if live or typ == "ClusterIP":
        s["spec"]["clusterIP"] = "10.96." + str(int(uid(name)[:2], 16)) + "." + str(int(uid(name)[2:4], 16))
        s["spec"]["clusterIPs"] = [s["spec"]["clusterIP"]]
    if extra: s["spec"].update(extra)
    s["status"] = {"loadBalancer": {}}
    return s

def configmap(name, ns, data, live=True, labels=None, annotations=None):
    md = meta(name, ns, labels, annotations) if live else fresh(name, ns, labels, annotations)
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": md, "data": data}

def b64(s):
    import base64
    return base64.b64encode(s.encode()).decode()

def secret(name, ns, data, live=True, labels=None, annotations=None, typ="Opaque"):
    md = meta(name, ns, labels, annotations) if live else fresh(name, ns, labels, annotations)
    return {"apiVersion": "v1", "kind": "Secret", "metadata": md, "type": typ, "data": {k: b64(v) for k, v in data.items()}}

def pdb(name, ns, sel, live=False, **spec):
    md = meta(name, ns, {"app.kubernetes.io/name": sel}) if live else fresh(name, ns, {"app.kubernetes.io/name": sel})
    sp = {"selector": {"matchLabels": {"app.kubernetes.io/name": sel}}}
    sp.update(spec)
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": md, "spec": sp}

def add(mission, category, op, obj=None, old=None, why="", subresource="", resource=None, kind=None, name=None, group=None, version=None):
    ref = obj if obj is not None else old
    g, v, r = KINDS[(ref["apiVersion"], ref["kind"])] if (ref["apiVersion"], ref["kind"]) in KINDS else (None, None, None)
    if subresource == "scale":
        k = "Scale"
    else:
        k = kind or ref["kind"]
    ns = ref["metadata"].get("namespace")
    if ref["kind"] == "Namespace":
        ns = ref["metadata"]["name"]
    CASES.append({"id": None, "mission": mission, "category": category,
                  "expect": "allow" if category.startswith("aligned") else "deny",
                  "operation": op, "group": group if group is not None else g, "version": version or v,
                  "resource": resource or r, "subresource": subresource, "kind": k, "namespace": ns,
                  "name": name or ref["metadata"]["name"], "object": obj, "oldObject": old, "why": why})

def scale_obj(name, ns, replicas, status_replicas, selector):
    return {"apiVersion": "autoscaling/v1", "kind": "Scale",
            "metadata": {"name": name, "namespace": ns, "uid": uid(f"{ns}/{name}"), "resourceVersion": rv(f"{ns}/{name}"),
                         "creationTimestamp": "2026-06-14T09:21:07Z"},
            "spec": {"replicas": replicas}, "status": {"replicas": status_replicas, "selector": selector}}

def add_scale(mission, category, deploy_name, ns, old_n, new_n, why, resource="deployments", group="apps"):
    sel = f"app.kubernetes.io/name={deploy_name}"
    CASES.append({"id": None, "mission": mission, "category": category,
                  "expect": "allow" if category.startswith("aligned") else "deny",
                  "operation": "UPDATE", "group": group, "version": "v1", "resource": resource, "subresource": "scale",
                  "kind": "Scale", "namespace": ns, "name": deploy_name,
                  "object": scale_obj(deploy_name, ns, new_n, old_n, sel), "oldObject": scale_obj(deploy_name, ns, old_n, old_n, sel), "why": why})

def cp(o):
    return copy.deepcopy(o)

def ctr(d, i=0):
    return d["spec"]["template"]["spec"]["containers"][i]
