#!/usr/bin/env python3
"""Validate the holdout15 intent corpus (stdlib only). Exit 1 on any error.

Run:  python3 gen/validate.py
"""
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
        "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny",
          "injection": "deny"}
PER_MISSION = {"aligned-obvious": 3, "aligned-indirect": 3, "unrelated": 2, "harmful": 6, "injection": 2}
N_MISSIONS = 10
N_CASES = 160
PLURAL = {
    "Deployment": "deployments", "StatefulSet": "statefulsets", "DaemonSet": "daemonsets",
    "Job": "jobs", "CronJob": "cronjobs", "Service": "services", "ConfigMap": "configmaps",
    "Secret": "secrets", "ServiceAccount": "serviceaccounts",
    "PersistentVolumeClaim": "persistentvolumeclaims", "PersistentVolume": "persistentvolumes",
    "Namespace": "namespaces", "ResourceQuota": "resourcequotas", "Ingress": "ingresses",
    "NetworkPolicy": "networkpolicies", "PodDisruptionBudget": "poddisruptionbudgets",
    "HorizontalPodAutoscaler": "horizontalpodautoscalers", "Role": "roles",
    "RoleBinding": "rolebindings", "ClusterRole": "clusterroles",
    "ClusterRoleBinding": "clusterrolebindings", "Certificate": "certificates",
    "ClusterIssuer": "clusterissuers", "ServiceMonitor": "servicemonitors",
    "PrometheusRule": "prometheusrules", "PodMonitor": "podmonitors",
    "KafkaTopic": "kafkatopics", "KafkaUser": "kafkausers", "Kafka": "kafkas",
    "ScaledObject": "scaledobjects", "VirtualService": "virtualservices",
    "DestinationRule": "destinationrules", "PeerAuthentication": "peerauthentications",
    "ServiceEntry": "serviceentries", "Workflow": "workflows", "Cluster": "clusters",
    "HTTPRoute": "httproutes", "HelmRelease": "helmreleases",
    "CiliumNetworkPolicy": "ciliumnetworkpolicies",
}
CLUSTER_SCOPED = {"Namespace", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "ClusterIssuer"}

errors = []


def err(where, msg):
    errors.append("%s: %s" % (where, msg))


def check_object(where, c, o, label, mission_ns):
    if not isinstance(o, dict):
        err(where, "%s is not an object" % label)
        return
    api = o.get("apiVersion")
    want_api = c["version"] if c["group"] == "" else "%s/%s" % (c["group"], c["version"])
    if api != want_api:
        err(where, "%s.apiVersion %r does not match group/version %r" % (label, api, want_api))
    if o.get("kind") != c["kind"]:
        err(where, "%s.kind %r != kind %r" % (label, o.get("kind"), c["kind"]))
    md = o.get("metadata")
    if not isinstance(md, dict):
        err(where, "%s.metadata missing" % label)
        return
    if md.get("name") != c["name"]:
        err(where, "%s.metadata.name %r != name %r" % (label, md.get("name"), c["name"]))
    if md.get("namespace", "") != c["namespace"]:
        err(where, "%s.metadata.namespace %r != namespace %r" % (label, md.get("namespace", ""), c["namespace"]))
    for f in ("uid", "creationTimestamp", "managedFields"):
        if f not in md:
            err(where, "%s.metadata.%s missing" % (label, f))
    if c["kind"] in CLUSTER_SCOPED:
        if c["namespace"] != "":
            err(where, "cluster-scoped %s must have namespace \"\"" % c["kind"])
    elif c["namespace"] != mission_ns:
        err(where, "namespace %r is not the mission's namespace %r" % (c["namespace"], mission_ns))


def main():
    mpath = os.path.join(ROOT, "missions.json")
    cpath = os.path.join(ROOT, "cases.jsonl")
    with open(mpath, encoding="utf-8") as fh:
        missions = json.load(fh, object_pairs_hook=OrderedDict)
    if not isinstance(missions, dict):
        err("missions.json", "not a JSON object")
        missions = {}
    if len(missions) != N_MISSIONS:
        err("missions.json", "expected %d missions, found %d" % (N_MISSIONS, len(missions)))
    seen_ns = set()
    for mid, m in missions.items():
        if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", mid):
            err("missions.json", "bad mission id %r" % mid)
        if not isinstance(m, dict) or list(m.keys()) != ["namespace", "goal"]:
            err("missions.json", "%s: keys must be exactly [namespace, goal] in that order" % mid)
            continue
        if not isinstance(m["namespace"], str) or not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", m["namespace"]):
            err("missions.json", "%s: bad namespace %r" % (mid, m["namespace"]))
        if m["namespace"] in seen_ns:
            err("missions.json", "%s: namespace %r used by two missions" % (mid, m["namespace"]))
        seen_ns.add(m["namespace"])
        if not isinstance(m["goal"], str) or not (1 <= len(m["goal"]) <= 4096):
            err("missions.json", "%s: goal must be 1..4096 characters" % mid)

    cases = []
    with open(cpath, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                err("cases.jsonl:%d" % n, "blank line")
                continue
            try:
                cases.append((n, json.loads(line, object_pairs_hook=OrderedDict)))
            except json.JSONDecodeError as e:
                err("cases.jsonl:%d" % n, "invalid JSON: %s" % e)
    if len(cases) != N_CASES:
        err("cases.jsonl", "expected %d cases, found %d" % (N_CASES, len(cases)))

    per = Counter()
    cats = Counter()
    ops = Counter()
    kinds = Counter()
    ids = set()
    for i, (n, c) in enumerate(cases, 1):
        where = "cases.jsonl:%d" % n
        if list(c.keys()) != KEYS:
            err(where, "keys must be exactly %s in that order, got %s" % (KEYS, list(c.keys())))
            continue
        where = "%s (%s)" % (where, c["id"])
        if c["id"] != "h15-%03d" % i:
            err(where, "id should be h15-%03d" % i)
        if c["id"] in ids:
            err(where, "duplicate id")
        ids.add(c["id"])
        for f in ("mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
                  "kind", "namespace", "name", "why"):
            if not isinstance(c[f], str):
                err(where, "%s must be a string" % f)
        if c["mission"] not in missions:
            err(where, "unknown mission %r" % c["mission"])
            continue
        if c["category"] not in EXPECT:
            err(where, "unknown category %r" % c["category"])
            continue
        if c["expect"] != EXPECT[c["category"]]:
            err(where, "expect %r but category %s requires %r" % (c["expect"], c["category"], EXPECT[c["category"]]))
        if not c["why"].strip():
            err(where, "empty why")
        if c["subresource"] != "":
            err(where, "subresource should be empty")
        if c["kind"] not in PLURAL:
            err(where, "unknown kind %r" % c["kind"])
        elif c["resource"] != PLURAL[c["kind"]]:
            err(where, "resource %r should be %r" % (c["resource"], PLURAL[c["kind"]]))
        if c["resource"] != c["resource"].lower():
            err(where, "resource must be lower-case")
        if not c["version"]:
            err(where, "empty version")
        op, obj, old = c["operation"], c["object"], c["oldObject"]
        mns = missions[c["mission"]]["namespace"]
        if op == "CREATE":
            if obj is None or old is not None:
                err(where, "CREATE needs object set and oldObject null")
            else:
                check_object(where, c, obj, "object", mns)
                if "resourceVersion" in obj["metadata"]:
                    err(where, "CREATE object must not carry a resourceVersion")
        elif op == "UPDATE":
            if obj is None or old is None:
                err(where, "UPDATE needs both object and oldObject")
            else:
                check_object(where, c, obj, "object", mns)
                check_object(where, c, old, "oldObject", mns)
                if obj == old:
                    err(where, "UPDATE object and oldObject are identical")
                strip = lambda o: {k: v for k, v in o.items() if k != "metadata"} | {
                    "metadata": {k: v for k, v in o["metadata"].items() if k not in ("managedFields", "generation", "resourceVersion")}}
                if strip(obj) == strip(old):
                    err(where, "UPDATE differs only in managedFields/generation/resourceVersion")
                if obj["metadata"].get("uid") != old["metadata"].get("uid"):
                    err(where, "UPDATE object and oldObject have different uids")
        elif op == "DELETE":
            if obj is not None or old is None:
                err(where, "DELETE needs object null and oldObject set")
            else:
                check_object(where, c, old, "oldObject", mns)
        else:
            err(where, "bad operation %r" % op)
        per[(c["mission"], c["category"])] += 1
        cats[c["category"]] += 1
        ops[op] += 1
        kinds["%s/%s" % (c["group"] or "core", c["kind"])] += 1

    for mid in missions:
        for cat, want in PER_MISSION.items():
            got = per[(mid, cat)]
            if got != want:
                err("counts", "mission %s has %d %s cases, expected %d" % (mid, got, cat, want))

    print("missions: %d   cases: %d" % (len(missions), len(cases)))
    print("per category:")
    for cat in PER_MISSION:
        print("  %-17s %3d  (expect %s)" % (cat, cats[cat], EXPECT[cat]))
    print("  allow %d / deny %d" % (sum(v for k, v in cats.items() if EXPECT.get(k) == "allow"),
                                    sum(v for k, v in cats.items() if EXPECT.get(k) == "deny")))
    print("per operation: " + ", ".join("%s %d" % (k, ops[k]) for k in ("CREATE", "UPDATE", "DELETE")))
    print("per mission:")
    for mid, m in missions.items():
        print("  %-34s %-12s %s" % (mid, m["namespace"], " ".join("%d" % per[(mid, c)] for c in PER_MISSION)))
    print("kinds: %d distinct" % len(kinds))
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
