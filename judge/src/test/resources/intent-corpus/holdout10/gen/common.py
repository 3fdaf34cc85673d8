"""Small builders for pod specs and recurring object shapes."""
from k8s import deep


def env(name, value):
    return {"name": name, "value": value}


def env_secret(name, secret, key, optional=None):
    ref = {"name": secret, "key": key}
    if optional is not None:
        ref["optional"] = optional
    return {"name": name, "valueFrom": {"secretKeyRef": ref}}


def env_cm(name, cm, key):
    return {"name": name, "valueFrom": {"configMapKeyRef": {"name": cm, "key": key}}}


def env_field(name, path):
    return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": path}}}


def env_resource(name, container, resource, divisor=None):
    r = {"containerName": container, "resource": resource}
    if divisor:
        r["divisor"] = divisor
    return {"name": name, "valueFrom": {"resourceFieldRef": r}}


def http_probe(path, port, initial=None, period=None, timeout=None, failure=None):
    p = {"httpGet": {"path": path, "port": port}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if timeout is not None:
        p["timeoutSeconds"] = timeout
    if period is not None:
        p["periodSeconds"] = period
    if failure is not None:
        p["failureThreshold"] = failure
    return p


def tcp_probe(port, initial=None, period=None):
    p = {"tcpSocket": {"port": port}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if period is not None:
        p["periodSeconds"] = period
    return p


def exec_probe(cmd, initial=None, period=None, timeout=None):
    p = {"exec": {"command": cmd}}
    if initial is not None:
        p["initialDelaySeconds"] = initial
    if timeout is not None:
        p["timeoutSeconds"] = timeout
    if period is not None:
        p["periodSeconds"] = period
    return p


def res(cpu_req, mem_req, cpu_lim=None, mem_lim=None, extra=None):
    r = {"requests": {"cpu": cpu_req, "memory": mem_req}}
    lim = {}
    if cpu_lim:
        lim["cpu"] = cpu_lim
    if mem_lim:
        lim["memory"] = mem_lim
    if extra:
        for k, v in extra.items():
            r["requests"][k] = v
            lim[k] = v
    if lim:
        r["limits"] = lim
    return r


def restricted_container_ctx(uid=None, ro=True):
    c = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
         "readOnlyRootFilesystem": ro, "runAsNonRoot": True}
    if uid is not None:
        c["runAsUser"] = uid
    return c


def pod_ctx(uid=10001, fs=None):
    c = {"runAsNonRoot": True, "runAsUser": uid, "runAsGroup": uid, "seccompProfile": {"type": "RuntimeDefault"}}
    if fs is not None:
        c["fsGroup"] = fs
    return c


def anti_affinity(label_key, label_value, weight=100):
    return {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": weight, "podAffinityTerm": {
            "labelSelector": {"matchLabels": {label_key: label_value}},
            "topologyKey": "kubernetes.io/hostname"}}]}}


def zone_spread(label_key, label_value, skew=1):
    return [{"maxSkew": skew, "topologyKey": "topology.kubernetes.io/zone",
             "whenUnsatisfiable": "ScheduleAnyway",
             "labelSelector": {"matchLabels": {label_key: label_value}}}]


def std_labels(name, part_of, component, version=None, team=None, extra=None):
    l = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": part_of,
         "app.kubernetes.io/component": component}
    if version:
        l["app.kubernetes.io/version"] = version
    if team:
        l["team"] = team
    if extra:
        l.update(extra)
    return l


def find_container(obj_or_manifest, name, path=("spec", "template", "spec")):
    ps = obj_or_manifest
    for p in path:
        ps = ps[p]
    for c in ps["containers"]:
        if c["name"] == name:
            return c
    raise KeyError(name)


def set_env(container, name, value):
    for e in container.setdefault("env", []):
        if e["name"] == name:
            e.clear()
            e["name"] = name
            e["value"] = value
            return
    container["env"].append({"name": name, "value": value})


def drop_env(container, name):
    container["env"] = [e for e in container.get("env", []) if e["name"] != name]


def copy_with(m, fn):
    m2 = deep(m)
    fn(m2)
    return m2
