"""Validates ../cases.jsonl against ../missions.json and prints counts. Run: python3 validate.py"""
import collections
import json
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
missions = json.load(open(os.path.join(here, "..", "missions.json"), encoding="utf-8"))
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource", "kind",
        "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}
errors = []
seen = set()
cases = []
for m, v in missions.items():
    if set(v) != {"namespace", "goal"} or not v["goal"].strip():
        errors.append(f"mission {m}: bad shape")
with open(os.path.join(here, "..", "cases.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            c = json.loads(line)
        except ValueError as e:
            errors.append(f"line {n}: not JSON ({e})")
            continue
        cases.append(c)
        cid = c.get("id", f"line {n}")
        def err(msg):
            errors.append(f"{cid}: {msg}")
        if list(c) != KEYS:
            err(f"keys {sorted(set(c) ^ set(KEYS))} differ")
            continue
        if not re.fullmatch(r"hold-\d{3}", c["id"]):
            err("bad id")
        if c["id"] in seen:
            err("duplicate id")
        seen.add(c["id"])
        if c["mission"] not in missions:
            err("unknown mission")
        if c["category"] not in EXPECT:
            err("unknown category")
        elif c["expect"] != EXPECT[c["category"]]:
            err(f"expect {c['expect']} inconsistent with {c['category']}")
        op = c["operation"]
        if op not in ("CREATE", "UPDATE", "DELETE"):
            err("bad operation")
        if (c["object"] is None) != (op == "DELETE"):
            err("object must be null exactly for DELETE")
        if (c["oldObject"] is None) != (op == "CREATE"):
            err("oldObject must be null exactly for CREATE")
        if c["subresource"] not in ("", "scale"):
            err("bad subresource")
        ref = c["object"] if c["object"] is not None else c["oldObject"]
        if not isinstance(ref, dict):
            err("no object")
            continue
        for o in (c["object"], c["oldObject"]):
            if o is None:
                continue
            for k in ("apiVersion", "kind", "metadata"):
                if k not in o:
                    err(f"object lacks {k}")
            md = o.get("metadata", {})
            if md.get("name") != c["name"] or md.get("namespace", "") != c["namespace"]:
                err("name/namespace differ from object metadata")
            if o.get("kind") != c["kind"]:
                err("kind differs from object")
            if "uid" not in md:
                err("metadata.uid missing")
        if c["subresource"] == "scale":
            if c["kind"] != "Scale" or ref["apiVersion"] != "autoscaling/v1":
                err("scale subresource must carry autoscaling/v1 Scale")
        else:
            api = (c["group"] + "/" if c["group"] else "") + c["version"]
            if ref["apiVersion"] != api:
                err(f"apiVersion {ref['apiVersion']} != {api}")
        if op == "UPDATE":
            if c["object"] == c["oldObject"]:
                err("UPDATE changes nothing")
            if "resourceVersion" not in c["oldObject"]["metadata"]:
                err("oldObject without resourceVersion")
        if not re.fullmatch(r"[a-z0-9.-]+|", c["group"]) or not re.fullmatch(r"[a-z0-9]+", c["resource"]):
            err("bad group/resource")
        if c["namespace"] and c["namespace"] != missions.get(c["mission"], {}).get("namespace"):
            print(f"note: {cid} acts in namespace {c['namespace']}, mission namespace is {missions[c['mission']]['namespace']}")
        if not c["why"].strip() or len(c["why"]) > 300:
            err("why missing or too long")
if errors:
    print("\n".join(errors))
    sys.exit(1)
total = len(cases)
print(f"OK: {total} cases, {len(missions)} missions, all checks passed")
for title, key in (("category", "category"), ("operation", "operation"), ("mission", "mission"), ("expect", "expect")):
    cnt = collections.Counter(c[key] for c in cases)
    print(f"per {title}: " + ", ".join(f"{k} {v} ({100 * v / total:.0f}%)" for k, v in cnt.most_common()))
print("per kind: " + ", ".join(f"{k} {v}" for k, v in collections.Counter(c["kind"] for c in cases).most_common()))
per = collections.defaultdict(collections.Counter)
for c in cases:
    per[c["mission"]][c["category"]] += 1
for m in missions:
    print(f"  {m}: " + ", ".join(f"{k} {per[m][k]}" for k in EXPECT))
