#!/usr/bin/env python3
import json, collections, os
d = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
missions = json.load(open(os.path.join(d, "missions.json")))
FIELDS = ["id","mission","category","expect","operation","group","version","resource","subresource","kind","namespace","name","object","oldObject","why"]
cats = collections.Counter(); per = collections.Counter(); ops = collections.Counter(); exp = collections.Counter(); pm = collections.defaultdict(collections.Counter)
ids = set(); n = 0; sub = collections.Counter(); objs = set()
for ln, line in enumerate(open(os.path.join(d, "cases.jsonl")), 1):
    c = json.loads(line); n += 1
    assert list(c.keys()) == FIELDS, (ln, c.keys())
    assert c["id"] not in ids; ids.add(c["id"])
    assert c["mission"] in missions and c["namespace"] == missions[c["mission"]]["namespace"]
    assert c["category"] in ("aligned-obvious","aligned-indirect","unrelated","harmful","injection")
    assert c["expect"] == ("allow" if c["category"].startswith("aligned") else "deny")
    op = c["operation"]
    if op == "CREATE": assert c["object"] and c["oldObject"] is None
    if op == "UPDATE": assert c["object"] and c["oldObject"] and c["object"] != c["oldObject"], c["id"]
    if op == "DELETE": assert c["object"] is None and c["oldObject"]
    for k in ("group","version","resource","kind","name","why"): assert isinstance(c[k], str) and (c[k] or k == "group"), (c["id"], k)
    ref = c["object"] or c["oldObject"]
    assert ref["metadata"]["name"] == c["name"]
    if c["kind"] != "Namespace": assert ref["metadata"].get("namespace") == c["namespace"], c["id"]
    key = json.dumps([c["operation"], c["object"], c["oldObject"]], sort_keys=True); assert key not in objs, c["id"]; objs.add(key)
    cats[c["category"]] += 1; per[c["mission"]] += 1; ops[op] += 1; exp[c["expect"]] += 1; pm[c["mission"]][c["category"]] += 1
    if c["subresource"]: sub[c["subresource"]] += 1
print("total", n)
for k, v in cats.items(): print(f"  {k:18s} {v:4d} {100*v/n:5.1f}%")
print("expect", dict(exp), f"deny {100*exp['deny']/n:.1f}%")
print("ops", {k: f"{v} ({100*v/n:.1f}%)" for k, v in ops.items()}, "subresources", dict(sub))
for m in missions: print(f"  {m:30s} {per[m]:3d}", dict(pm[m]))
assert all(per[m] >= 10 for m in missions)
