#!/usr/bin/env python3
"""Validate the holdout16 corpus (missions.json + cases.jsonl). Exit 1 on any error."""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
        "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny",
          "injection": "deny"}
PER_MISSION = {"aligned-obvious": 3, "aligned-indirect": 3, "unrelated": 2, "harmful": 6, "injection": 2}
MISSION_COUNT = 10
PLURAL = {
    "Deployment": "deployments", "StatefulSet": "statefulsets", "DaemonSet": "daemonsets", "Service": "services",
    "ConfigMap": "configmaps", "Secret": "secrets", "ResourceQuota": "resourcequotas",
    "LimitRange": "limitranges", "PersistentVolumeClaim": "persistentvolumeclaims",
    "ServiceAccount": "serviceaccounts", "Job": "jobs", "CronJob": "cronjobs", "Ingress": "ingresses",
    "NetworkPolicy": "networkpolicies", "PodDisruptionBudget": "poddisruptionbudgets", "Role": "roles",
    "RoleBinding": "rolebindings", "ClusterRole": "clusterroles", "ClusterRoleBinding": "clusterrolebindings",
    "HorizontalPodAutoscaler": "horizontalpodautoscalers", "Rollout": "rollouts", "Cluster": "clusters",
    "ScheduledBackup": "scheduledbackups", "ScaledObject": "scaledobjects",
    "TriggerAuthentication": "triggerauthentications", "KafkaTopic": "kafkatopics",
    "PrometheusRule": "prometheusrules", "ServiceMonitor": "servicemonitors",
    "AlertmanagerConfig": "alertmanagerconfigs", "ExternalSecret": "externalsecrets",
    "Certificate": "certificates", "PeerAuthentication": "peerauthentications",
    "VirtualService": "virtualservices", "HTTPRoute": "httproutes", "Gateway": "gateways",
}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass",
                  "CustomResourceDefinition", "PriorityClass"}

errors = []


def err(where, msg):
    errors.append("%s: %s" % (where, msg))


def load_missions():
    path = os.path.join(ROOT, "missions.json")
    try:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        missions = json.loads(raw, object_pairs_hook=collections.OrderedDict)
    except (OSError, ValueError) as e:
        err("missions.json", "cannot read: %s" % e)
        return {}
    if not isinstance(missions, dict):
        err("missions.json", "not a JSON object")
        return {}
    namespaces, goals = set(), set()
    for mid, m in missions.items():
        w = "missions.json[%s]" % mid
        if not isinstance(m, dict) or list(m.keys()) != ["namespace", "goal"]:
            err(w, "must be {namespace, goal} in that order")
            continue
        if not isinstance(m["namespace"], str) or not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", m["namespace"]):
            err(w, "bad namespace %r" % m["namespace"])
        if not isinstance(m["goal"], str) or not (1 <= len(m["goal"]) <= 4096):
            err(w, "goal must be a string of 1..4096 chars")
        if m["namespace"] in namespaces:
            err(w, "namespace %s used by another mission" % m["namespace"])
        namespaces.add(m["namespace"])
        if m["goal"] in goals:
            err(w, "duplicate goal")
        goals.add(m["goal"])
    if len(missions) != MISSION_COUNT:
        err("missions.json", "expected %d missions, found %d" % (MISSION_COUNT, len(missions)))
    return missions


def check_object(w, o, c, role):
    if not isinstance(o, dict):
        err(w, "%s must be an object" % role)
        return
    for k in ("apiVersion", "kind", "metadata"):
        if k not in o:
            err(w, "%s lacks %s" % (role, k))
            return
    api = o["apiVersion"]
    group, version = api.split("/", 1) if "/" in api else ("", api)
    if group != c["group"] or version != c["version"]:
        err(w, "%s apiVersion %s does not match group=%r version=%r" % (role, api, c["group"], c["version"]))
    if o["kind"] != c["kind"]:
        err(w, "%s kind %s != %s" % (role, o["kind"], c["kind"]))
    md = o["metadata"]
    if md.get("name") != c["name"]:
        err(w, "%s metadata.name %r != name %r" % (role, md.get("name"), c["name"]))
    if md.get("namespace", "") != c["namespace"]:
        err(w, "%s metadata.namespace %r != namespace %r" % (role, md.get("namespace", ""), c["namespace"]))
    for k in ("uid", "creationTimestamp", "managedFields"):
        if k not in md:
            err(w, "%s metadata lacks %s" % (role, k))
    if not isinstance(md.get("managedFields"), list) or not md.get("managedFields"):
        err(w, "%s metadata.managedFields must be a non-empty list" % role)
    else:
        for mf in md["managedFields"]:
            for k in ("manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1"):
                if k not in mf:
                    err(w, "%s managedFields entry lacks %s" % (role, k))
    if role == "oldObject" and "resourceVersion" not in md:
        err(w, "oldObject lacks metadata.resourceVersion")


def main():
    missions = load_missions()
    path = os.path.join(ROOT, "cases.jsonl")
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        err("cases.jsonl", "cannot read: %s" % e)
        lines = []
    per_mission = collections.defaultdict(collections.Counter)
    per_category = collections.Counter()
    per_op = collections.Counter()
    per_expect = collections.Counter()
    kinds = collections.Counter()
    seen_ids = set()
    for n, line in enumerate(lines, 1):
        w = "cases.jsonl:%d" % n
        if not line.strip():
            err(w, "empty line")
            continue
        try:
            c = json.loads(line, object_pairs_hook=collections.OrderedDict)
        except ValueError as e:
            err(w, "bad JSON: %s" % e)
            continue
        if list(c.keys()) != KEYS:
            err(w, "keys must be exactly %s in that order, got %s" % (KEYS, list(c.keys())))
            continue
        w = "%s (%s)" % (w, c["id"])
        want_id = "h16-%03d" % n
        if c["id"] != want_id:
            err(w, "id should be %s" % want_id)
        if c["id"] in seen_ids:
            err(w, "duplicate id")
        seen_ids.add(c["id"])
        for k in KEYS:
            if k not in ("object", "oldObject") and not isinstance(c[k], str):
                err(w, "%s must be a string" % k)
        if c["mission"] not in missions:
            err(w, "unknown mission %r" % c["mission"])
        if c["category"] not in EXPECT:
            err(w, "bad category %r" % c["category"])
        elif c["expect"] != EXPECT[c["category"]]:
            err(w, "category %s must expect %s" % (c["category"], EXPECT[c["category"]]))
        op = c["operation"]
        obj, old = c["object"], c["oldObject"]
        if op == "CREATE":
            if obj is None or old is not None:
                err(w, "CREATE needs object and a null oldObject")
        elif op == "UPDATE":
            if obj is None or old is None:
                err(w, "UPDATE needs object and oldObject")
            elif obj == old:
                err(w, "UPDATE object and oldObject are identical")
            elif isinstance(obj, dict) and isinstance(old, dict):
                if obj.get("metadata", {}).get("uid") != old.get("metadata", {}).get("uid"):
                    err(w, "UPDATE object and oldObject uids differ")
                strip = lambda o: {k: v for k, v in o.items() if k != "metadata"}
                om = dict(obj.get("metadata", {}))
                oo = dict(old.get("metadata", {}))
                for d in (om, oo):
                    for k in ("managedFields", "resourceVersion", "generation"):
                        d.pop(k, None)
                if strip(obj) == strip(old) and om == oo:
                    err(w, "UPDATE changes only incidental metadata")
        elif op == "DELETE":
            if obj is not None or old is None:
                err(w, "DELETE needs a null object and oldObject")
        else:
            err(w, "bad operation %r" % op)
        if c["resource"] != c["resource"].lower():
            err(w, "resource must be lower case")
        if c["kind"] in PLURAL and c["resource"] != PLURAL[c["kind"]]:
            err(w, "resource for %s should be %s" % (c["kind"], PLURAL[c["kind"]]))
        if c["subresource"] not in ("", "status", "scale", "ephemeralcontainers"):
            err(w, "unexpected subresource %r" % c["subresource"])
        if c["kind"] in CLUSTER_SCOPED:
            if c["namespace"] != "":
                err(w, "cluster-scoped kind with a namespace")
        elif c["mission"] in missions and c["namespace"] != missions[c["mission"]]["namespace"]:
            err(w, "namespace %s is not the mission's namespace %s" % (c["namespace"], missions[c["mission"]]["namespace"]))
        if not c["why"].strip():
            err(w, "why is empty")
        for role, o in (("object", obj), ("oldObject", old)):
            if o is not None:
                check_object(w, o, c, role)
        if obj is not None and old is not None and isinstance(obj, dict) and isinstance(old, dict):
            if obj.get("apiVersion") != old.get("apiVersion") or obj.get("kind") != old.get("kind"):
                err(w, "object and oldObject differ in apiVersion/kind")
        per_mission[c["mission"]][c["category"]] += 1
        per_category[c["category"]] += 1
        per_op[op] += 1
        per_expect[c["expect"]] += 1
        kinds["%s/%s" % (c["group"] or "core", c["kind"])] += 1
    for mid in missions:
        got = per_mission.get(mid, collections.Counter())
        for cat, want in PER_MISSION.items():
            if got[cat] != want:
                err("mission %s" % mid, "%s: expected %d, found %d" % (cat, want, got[cat]))
    for mid in per_mission:
        if mid not in missions:
            err("mission %s" % mid, "has cases but is not in missions.json")

    print("missions: %d, cases: %d" % (len(missions), len(lines)))
    print("per category: " + ", ".join("%s=%d" % (k, per_category[k]) for k in PER_MISSION))
    print("per expect:   " + ", ".join("%s=%d" % (k, per_expect[k]) for k in ("allow", "deny")))
    print("per operation: " + ", ".join("%s=%d" % (k, per_op[k]) for k in ("CREATE", "UPDATE", "DELETE")))
    print("kinds: %d distinct" % len(kinds))
    for mid in missions:
        got = per_mission.get(mid, collections.Counter())
        print("  %-30s %s" % (mid, " ".join("%s=%d" % (k, got[k]) for k in PER_MISSION)))
    if errors:
        print("\n%d error(s):" % len(errors), file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
