"""Builders for realistic Kubernetes objects used by the calibration corpus generator."""
import copy
import hashlib
import json

CREATED = "2026-10-14T09:12:44Z"


def uid(s):
    h = hashlib.md5(s.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def rv(s):
    return str(int(hashlib.md5(s.encode()).hexdigest()[:6], 16) % 9000000 + 1000000)


def managed_fields(manager, op="Update", api="apps/v1", time="2026-11-30T17:02:11Z", fields=None):
    return [{
        "manager": manager,
        "operation": op,
        "apiVersion": api,
        "time": time,
        "fieldsType": "FieldsV1",
        "fieldsV1": fields or {
            "f:metadata": {"f:labels": {".": {}, "f:app.kubernetes.io/name": {}, "f:app.kubernetes.io/part-of": {}}},
            "f:spec": {"f:replicas": {}, "f:selector": {}, "f:template": {"f:metadata": {"f:labels": {".": {}}}, "f:spec": {"f:containers": {}}}},
        },
    }]


def meta(name, ns, labels=None, ann=None, existing=False, created=CREATED, gen=None, mf=None, extra=None):
    m = {"name": name, "namespace": ns}
    if labels:
        m["labels"] = dict(labels)
    if ann:
        m["annotations"] = dict(ann)
    if existing:
        m["uid"] = uid(ns + "/" + name)
        m["resourceVersion"] = rv(ns + name)
        m["creationTimestamp"] = created
        if gen:
            m["generation"] = gen
    if mf:
        m["managedFields"] = mf
    if extra:
        m.update(extra)
    return m


def applied(obj):
    """kubectl last-applied-configuration annotation for an object (a long, harmless annotation)."""
    o = copy.deepcopy(obj)
    md = o.get("metadata", {})
    for k in ("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"):
        md.pop(k, None)
    md.get("annotations", {}).pop("kubectl.kubernetes.io/last-applied-configuration", None)
    o.pop("status", None)
    return json.dumps(o, separators=(",", ":"), sort_keys=True)


def with_applied(obj):
    obj["metadata"].setdefault("annotations", {})["kubectl.kubernetes.io/last-applied-configuration"] = applied(obj)
    return obj


def probe(path="/healthz", port="http", delay=10, period=10, kind="http"):
    if kind == "tcp":
        return {"tcpSocket": {"port": port}, "initialDelaySeconds": delay, "periodSeconds": period, "timeoutSeconds": 2, "failureThreshold": 3}
    if kind == "exec":
        return {"exec": {"command": path}, "initialDelaySeconds": delay, "periodSeconds": period, "timeoutSeconds": 5, "failureThreshold": 3}
    return {"httpGet": {"path": path, "port": port, "scheme": "HTTP"}, "initialDelaySeconds": delay, "periodSeconds": period,
            "timeoutSeconds": 2, "successThreshold": 1, "failureThreshold": 3}


def container(name, image, ports=None, env=None, req=None, lim=None, ready=None, live=None, cmd=None, args=None,
              mounts=None, sc="restricted", pull="IfNotPresent", envFrom=None, startup=None):
    c = {"name": name, "image": image, "imagePullPolicy": pull}
    if cmd:
        c["command"] = cmd
    if args:
        c["args"] = args
    if ports:
        c["ports"] = [{"name": n, "containerPort": p, "protocol": "TCP"} for n, p in ports]
    if envFrom:
        c["envFrom"] = envFrom
    if env:
        c["env"] = [e if isinstance(e, dict) else {"name": e[0], "value": e[1]} for e in env]
    c["resources"] = {"requests": req or {"cpu": "250m", "memory": "256Mi"}, "limits": lim or {"memory": "512Mi"}}
    if ready:
        c["readinessProbe"] = ready
    if live:
        c["livenessProbe"] = live
    if startup:
        c["startupProbe"] = startup
    if mounts:
        c["volumeMounts"] = mounts
    if sc == "restricted":
        c["securityContext"] = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "runAsNonRoot": True,
                                "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
    elif sc:
        c["securityContext"] = sc
    c["terminationMessagePath"] = "/dev/termination-log"
    c["terminationMessagePolicy"] = "File"
    return c


def pod_spec(containers, sa=None, volumes=None, init=None, extra=None):
    s = {}
    if sa:
        s["serviceAccountName"] = sa
    if init:
        s["initContainers"] = init
    s["containers"] = containers
    if volumes:
        s["volumes"] = volumes
    s.update({"restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
              "schedulerName": "default-scheduler", "securityContext": {"fsGroup": 10001}})
    if extra:
        s.update(extra)
    return s


def deployment(name, ns, containers, replicas, labels=None, sel=None, ann=None, existing=False, strategy=None,
               sa=None, volumes=None, tpl_ann=None, init=None, extra_spec=None, mf=None, gen=3, podextra=None):
    labels = labels or {"app.kubernetes.io/name": name}
    sel = sel or {"app.kubernetes.io/name": labels.get("app.kubernetes.io/name", name)}
    tpl_labels = dict(sel)
    tpl_labels.update({k: v for k, v in labels.items() if k not in tpl_labels and k.startswith("app.kubernetes.io/")})
    tmeta = {"labels": tpl_labels}
    if tpl_ann:
        tmeta["annotations"] = tpl_ann
    d = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": meta(name, ns, labels, ann, existing, gen=gen if existing else None, mf=mf),
        "spec": {
            "replicas": replicas,
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
            "selector": {"matchLabels": sel},
            "strategy": strategy or {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {"metadata": tmeta, "spec": pod_spec(containers, sa, volumes, init, podextra)},
        },
    }
    if extra_spec:
        d["spec"].update(extra_spec)
    if existing:
        d["status"] = {"observedGeneration": gen, "replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas,
                       "availableReplicas": replicas,
                       "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                                       "lastUpdateTime": "2026-11-30T17:02:40Z", "lastTransitionTime": "2026-11-30T17:02:40Z",
                                       "message": "Deployment has minimum availability."},
                                      {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                                       "lastUpdateTime": "2026-11-30T17:02:40Z", "lastTransitionTime": "2026-10-14T09:12:44Z",
                                       "message": f'ReplicaSet "{name}-6d9f7c8b5" has successfully progressed.'}]}
    return d


def daemonset(name, ns, containers, labels=None, ann=None, existing=False, sa=None, volumes=None, tolerations=None, podextra=None):
    labels = labels or {"app.kubernetes.io/name": name}
    sel = {"app.kubernetes.io/name": labels.get("app.kubernetes.io/name", name)}
    extra = {"tolerations": tolerations} if tolerations else {}
    if podextra:
        extra.update(podextra)
    d = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta(name, ns, labels, ann, existing, gen=2 if existing else None),
         "spec": {"selector": {"matchLabels": sel}, "revisionHistoryLimit": 10,
                  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
                  "template": {"metadata": {"labels": dict(sel)}, "spec": pod_spec(containers, sa, volumes, extra=extra)}}}
    if existing:
        d["status"] = {"currentNumberScheduled": 9, "desiredNumberScheduled": 9, "numberAvailable": 9, "numberMisscheduled": 0,
                       "numberReady": 9, "observedGeneration": 2, "updatedNumberScheduled": 9}
    return d


def statefulset(name, ns, containers, replicas, labels=None, existing=False, vct=None, volumes=None, sa=None):
    labels = labels or {"app.kubernetes.io/name": name}
    sel = {"app.kubernetes.io/name": labels.get("app.kubernetes.io/name", name)}
    d = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta(name, ns, labels, None, existing, gen=4 if existing else None),
         "spec": {"replicas": replicas, "serviceName": name, "podManagementPolicy": "OrderedReady",
                  "selector": {"matchLabels": sel}, "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                  "template": {"metadata": {"labels": dict(sel)}, "spec": pod_spec(containers, sa, volumes)},
                  "volumeClaimTemplates": vct or []}}
    if existing:
        d["status"] = {"replicas": replicas, "readyReplicas": replicas, "currentReplicas": replicas, "updatedReplicas": replicas,
                       "availableReplicas": replicas, "observedGeneration": 4, "currentRevision": f"{name}-7b9c5d6f8",
                       "updateRevision": f"{name}-7b9c5d6f8", "collisionCount": 0}
    return d


def scale(name, ns, replicas, selector, existing_replicas=None):
    return {"apiVersion": "autoscaling/v1", "kind": "Scale",
            "metadata": {"name": name, "namespace": ns, "uid": uid(ns + "/" + name), "resourceVersion": rv(ns + name),
                         "creationTimestamp": CREATED},
            "spec": {"replicas": replicas},
            "status": {"replicas": existing_replicas if existing_replicas is not None else replicas, "selector": selector}}


def service(name, ns, selector, ports, type_="ClusterIP", labels=None, ann=None, existing=False, extra=None):
    s = {"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns, labels or {"app.kubernetes.io/name": name}, ann, existing),
         "spec": {"type": type_, "selector": selector,
                  "ports": [{"name": n, "port": p, "targetPort": t, "protocol": "TCP"} for n, p, t in ports],
                  "sessionAffinity": "None", "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}}
    if existing:
        s["spec"]["clusterIP"] = "10.96." + str(int(rv(name)) % 250) + "." + str(int(rv(ns)) % 250)
        s["spec"]["clusterIPs"] = [s["spec"]["clusterIP"]]
        s["status"] = {"loadBalancer": {}}
    if extra:
        s["spec"].update(extra)
    return s


def configmap(name, ns, data, labels=None, ann=None, existing=False):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, ns, labels, ann, existing), "data": data}


def secret(name, ns, data, type_="Opaque", labels=None, ann=None, existing=False):
    return {"apiVersion": "v1", "kind": "Secret", "metadata": meta(name, ns, labels, ann, existing), "type": type_, "data": data}


def pvc(name, ns, size, sc="standard-rwo", modes=("ReadWriteOnce",), labels=None, ann=None, existing=False, phase="Bound", extra_meta=None):
    p = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta(name, ns, labels, ann, existing, extra=extra_meta),
         "spec": {"accessModes": list(modes), "resources": {"requests": {"storage": size}}, "storageClassName": sc, "volumeMode": "Filesystem"}}
    if existing:
        p["metadata"]["finalizers"] = p["metadata"].get("finalizers", ["kubernetes.io/pvc-protection"])
        p["spec"]["volumeName"] = "pvc-" + uid(name)
        p["status"] = {"phase": phase, "accessModes": list(modes), "capacity": {"storage": size}}
    return p


def sa(name, ns, labels=None, ann=None, existing=False, automount=None):
    s = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, ns, labels, ann, existing)}
    if automount is not None:
        s["automountServiceAccountToken"] = automount
    return s


def job_spec(pod, backoff=2, ttl=None, parallelism=None, completions=None, deadline=None):
    s = {"backoffLimit": backoff, "template": pod}
    if ttl is not None:
        s["ttlSecondsAfterFinished"] = ttl
    if parallelism is not None:
        s["parallelism"] = parallelism
    if completions is not None:
        s["completions"] = completions
    if deadline is not None:
        s["activeDeadlineSeconds"] = deadline
    s["completionMode"] = "NonIndexed"
    s["suspend"] = False
    return s


def job(name, ns, containers, labels=None, ann=None, existing=False, sa=None, volumes=None, backoff=2, ttl=None,
        parallelism=None, completions=None, deadline=None, podextra=None, status=None, created=CREATED, tpl_labels=None):
    ps = pod_spec(containers, sa, volumes, extra=podextra)
    ps["restartPolicy"] = "Never"
    tl = tpl_labels or {"app.kubernetes.io/name": name}
    j = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta(name, ns, labels or {"app.kubernetes.io/name": name}, ann, existing, created=created),
         "spec": job_spec({"metadata": {"labels": tl}, "spec": ps}, backoff, ttl, parallelism, completions, deadline)}
    if existing:
        j["spec"]["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid(ns + "/" + name)}}
        j["spec"]["template"]["metadata"]["labels"]["batch.kubernetes.io/controller-uid"] = uid(ns + "/" + name)
        j["spec"]["template"]["metadata"]["labels"]["batch.kubernetes.io/job-name"] = name
    if status:
        j["status"] = status
    return j


def cronjob(name, ns, schedule, containers, labels=None, ann=None, existing=False, sa=None, volumes=None, tz=None,
            suspend=False, concurrency="Forbid", hist=(3, 1), deadline=None, backoff=1, podextra=None):
    ps = pod_spec(containers, sa, volumes, extra=podextra)
    ps["restartPolicy"] = "OnFailure"
    c = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta(name, ns, labels or {"app.kubernetes.io/name": name}, ann, existing),
         "spec": {"schedule": schedule, "concurrencyPolicy": concurrency, "suspend": suspend,
                  "successfulJobsHistoryLimit": hist[0], "failedJobsHistoryLimit": hist[1],
                  "jobTemplate": {"spec": job_spec({"metadata": {"labels": {"app.kubernetes.io/name": name}}, "spec": ps}, backoff,
                                                   deadline=deadline)}}}
    if tz:
        c["spec"]["timeZone"] = tz
    c["spec"]["startingDeadlineSeconds"] = 300
    if existing:
        c["status"] = {"lastScheduleTime": "2026-12-01T02:30:00Z", "lastSuccessfulTime": "2026-12-01T02:41:12Z"}
    return c


def ingress(name, ns, rules, tls=None, cls="nginx", ann=None, labels=None, existing=False):
    i = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta(name, ns, labels, ann, existing),
         "spec": {"ingressClassName": cls,
                  "rules": [{"host": h, "http": {"paths": [{"path": p, "pathType": "Prefix",
                                                             "backend": {"service": {"name": s, "port": {"number": port}}}}
                                                            for p, s, port in paths]}} for h, paths in rules]}}
    if tls is not None:
        i["spec"]["tls"] = [{"hosts": hs, "secretName": sn} for hs, sn in tls]
    if existing:
        i["status"] = {"loadBalancer": {"ingress": [{"ip": "10.40.0.17"}]}}
    return i


def netpol(name, ns, pod_sel, ingress_rules=None, egress_rules=None, types=None, labels=None, ann=None, existing=False):
    n = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta(name, ns, labels, ann, existing),
         "spec": {"podSelector": pod_sel}}
    if ingress_rules is not None:
        n["spec"]["ingress"] = ingress_rules
    if egress_rules is not None:
        n["spec"]["egress"] = egress_rules
    n["spec"]["policyTypes"] = types or (["Ingress"] if egress_rules is None else (["Egress"] if ingress_rules is None else ["Ingress", "Egress"]))
    return n


def pdb(name, ns, sel, min_avail=None, max_unavail=None, labels=None, ann=None, existing=False):
    p = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(name, ns, labels, ann, existing),
         "spec": {"selector": {"matchLabels": sel}}}
    if min_avail is not None:
        p["spec"]["minAvailable"] = min_avail
    if max_unavail is not None:
        p["spec"]["maxUnavailable"] = max_unavail
    p["spec"]["unhealthyPodEvictionPolicy"] = "IfHealthyBudget"
    return p


def hpa(name, ns, target, mn, mx, cpu=70, labels=None, ann=None, existing=False, behavior=None):
    h = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta(name, ns, labels, ann, existing),
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target}, "minReplicas": mn,
                  "maxReplicas": mx,
                  "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}}}]}}
    if behavior:
        h["spec"]["behavior"] = behavior
    return h


def role(name, ns, rules, labels=None, ann=None, existing=False):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": meta(name, ns, labels, ann, existing), "rules": rules}


def rolebinding(name, ns, role_name, subjects, role_kind="Role", labels=None, ann=None):
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": meta(name, ns, labels, ann),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name}, "subjects": subjects}


def servicemonitor(name, ns, sel, port, interval="30s", path="/metrics", labels=None, ann=None, existing=False, extra_ep=None):
    ep = {"port": port, "path": path, "interval": interval, "scrapeTimeout": "10s", "scheme": "http", "honorLabels": False}
    if extra_ep:
        ep.update(extra_ep)
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": meta(name, ns, labels, ann, existing),
            "spec": {"selector": {"matchLabels": sel}, "namespaceSelector": {"matchNames": [ns]}, "endpoints": [ep],
                     "jobLabel": "app.kubernetes.io/name"}}


def prometheusrule(name, ns, groups, labels=None, ann=None, existing=False):
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule", "metadata": meta(name, ns, labels, ann, existing),
            "spec": {"groups": groups}}


def certificate(name, ns, secret_name, dns, issuer="letsencrypt-prod", issuer_kind="ClusterIssuer", labels=None, ann=None,
                existing=False, extra=None, status=None):
    c = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": meta(name, ns, labels, ann, existing),
         "spec": {"secretName": secret_name, "commonName": dns[0], "dnsNames": dns, "duration": "2160h", "renewBefore": "720h",
                  "issuerRef": {"name": issuer, "kind": issuer_kind, "group": "cert-manager.io"},
                  "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"},
                  "usages": ["digital signature", "key encipherment", "server auth"]}}
    if extra:
        c["spec"].update(extra)
    if status:
        c["status"] = status
    return c


def pod(name, ns, containers, labels=None, ann=None, existing=True, sa=None, volumes=None, phase="Running", node="gpu-node-a100-03",
        owner=None, eph=None, created=CREATED, start=None):
    ps = pod_spec(containers, sa, volumes)
    ps["nodeName"] = node
    p = {"apiVersion": "v1", "kind": "Pod", "metadata": meta(name, ns, labels, ann, existing, created=created), "spec": ps}
    if owner:
        p["metadata"]["ownerReferences"] = [owner]
    if eph:
        p["spec"]["ephemeralContainers"] = eph
    p["status"] = {"phase": phase, "hostIP": "10.20.3.14", "podIP": "10.244.7.31", "qosClass": "Burstable",
                   "startTime": start or created}
    return p


HARMLESS_ENV = [("TZ", "Etc/UTC"), ("LANG", "C.UTF-8"), ("LOG_LEVEL", "info"), ("LOG_FORMAT", "json"),
                ("METRICS_PORT", "9090"), ("HEALTH_PORT", "8086"), ("SHUTDOWN_GRACE_SECONDS", "25"), ("GOMAXPROCS", "2"),
                ("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "0.05"),
                ("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,service.namespace=platform"),
                ("HTTP_CLIENT_TIMEOUT", "10s"), ("HTTP_MAX_IDLE_CONNS", "100"), ("RETRY_MAX_ATTEMPTS", "3"),
                ("RETRY_BACKOFF", "250ms"), ("CACHE_TTL", "300s"), ("FEATURE_AUDIT_LOG", "true"),
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}},
                {"name": "CPU_LIMIT", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1"}}}]


def _pod_specs(obj):
    s = obj.get("spec", {})
    if "template" in s:
        yield s["template"]
    if "jobTemplate" in s:
        yield s["jobTemplate"]["spec"]["template"]


def bulk(obj, release):
    """Makes an object long and realistic: Helm/Argo labels and annotations, managedFields, last-applied, extra harmless env."""
    md = obj["metadata"]
    ns = md["namespace"]
    md.setdefault("labels", {}).update({
        "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": release, "helm.sh/chart": release.split("-")[0] + "-1.14.2",
        "cost-center": "cc-4410", "owner": "platform-team", "environment": "production", "tier": "backend",
        "compliance.example.com/data-class": "internal"})
    ann = md.setdefault("annotations", {})
    ann.update({
        "meta.helm.sh/release-name": release, "meta.helm.sh/release-namespace": ns,
        "argocd.argoproj.io/tracking-id": f"{release}:{obj['apiVersion'].split('/')[0]}/{obj['kind']}:{ns}/{md['name']}",
        "example.com/runbook": f"https://runbooks.example.com/{ns}/{md['name']}",
        "example.com/slack-channel": f"#{ns}-alerts", "example.com/pagerduty-service": "P" + rv(md["name"])[:6],
        "example.com/description": (f"{md['name']} is owned by the {ns} team. Changes go through the regular review in the "
                                    f"platform-gitops repository; emergency changes are allowed for on-call. Dashboards: "
                                    f"https://grafana.example.com/d/{md['name']}; logs: https://grafana.example.com/explore?ns={ns}. "
                                    "Capacity reviewed quarterly; last review 2026-10-02 (no findings)."),
        "example.com/changelog": "2026-09-14 resources tuned; 2026-10-02 capacity review; 2026-11-03 probes tuned; 2026-11-21 labels aligned",
    })
    for t in _pod_specs(obj):
        t.setdefault("metadata", {}).setdefault("annotations", {}).update({
            "checksum/config": hashlib.sha256((release + "cfg").encode()).hexdigest(),
            "checksum/secret": hashlib.sha256((release + "sec").encode()).hexdigest(),
            "cluster-autoscaler.kubernetes.io/safe-to-evict": "true",
            "linkerd.io/inject": "disabled"})
        for c in t["spec"].get("containers", []):
            names = {e["name"] if isinstance(e, dict) else e[0] for e in c.get("env", [])}
            extra = [e if isinstance(e, dict) else {"name": e[0], "value": e[1]} for e in HARMLESS_ENV
                     if (e["name"] if isinstance(e, dict) else e[0]) not in names]
            c["env"] = extra + c.get("env", [])
    md["managedFields"] = [
        {"manager": "helm", "operation": "Update", "apiVersion": obj["apiVersion"], "time": "2026-11-21T10:03:55Z",
         "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:annotations": {".": {}, "f:meta.helm.sh/release-name": {},
                                                                                "f:meta.helm.sh/release-namespace": {}},
                                                              "f:labels": {".": {}, "f:app.kubernetes.io/managed-by": {},
                                                                           "f:helm.sh/chart": {}}},
                                                "f:spec": {}}},
        {"manager": "argocd-controller", "operation": "Apply", "apiVersion": obj["apiVersion"], "time": "2026-11-30T17:02:11Z",
         "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:annotations": {"f:argocd.argoproj.io/tracking-id": {}}}}}]
    with_applied(obj)
    return obj
