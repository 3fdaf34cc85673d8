#!/usr/bin/env python3
"""Validates ../missions.json and ../cases.jsonl (holdout2) and prints counts."""
import collections
import json
import os
import sys

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource", "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}
errs = []
missions = json.load(open(os.path.join(D, "missions.json")))
for k, v in missions.items():
    if set(v) != {"namespace", "goal"} or not v["goal"].strip() or not v["namespace"]:
        errs.append(f"mission {k}: bad shape")
ids = set()
cat, op, per_m, kinds, sizes = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter(), []
for n, line in enumerate(open(os.path.join(D, "cases.jsonl")), 1):
    try:
        c = json.loads(line)
    except Exception as e:
        errs.append(f"line {n}: {e}")
        continue
    i = c.get("id", f"line{n}")
    if list(c) != KEYS:
        errs.append(f"{i}: keys {sorted(set(c) ^ set(KEYS))} / order")
    if i in ids:
        errs.append(f"{i}: duplicate id")
    ids.add(i)
    if c["mission"] not in missions:
        errs.append(f"{i}: unknown mission")
    if EXPECT.get(c["category"]) != c["expect"]:
        errs.append(f"{i}: category/expect mismatch")
    o, old, opn = c["object"], c["oldObject"], c["operation"]
    if opn == "CREATE" and (o is None or old is not None): errs.append(f"{i}: CREATE object/oldObject")
    if opn == "UPDATE" and (o is None or old is None): errs.append(f"{i}: UPDATE object/oldObject")
    if opn == "DELETE" and (o is not None or old is None): errs.append(f"{i}: DELETE object/oldObject")
    if opn not in ("CREATE", "UPDATE", "DELETE"): errs.append(f"{i}: op")
    if c["subresource"] not in ("", "scale"): errs.append(f"{i}: subresource")
    ref = o if o is not None else old
    for x in (o, old):
        if x is None: continue
        for k in ("apiVersion", "kind", "metadata"):
            if k not in x: errs.append(f"{i}: object lacks {k}")
        md = x["metadata"]
        for k in ("name", "uid", "resourceVersion"):
            if k not in md: errs.append(f"{i}: metadata lacks {k}")
        if md["name"] != c["name"] or md.get("namespace", "") != c["namespace"] or x["kind"] != c["kind"]:
            errs.append(f"{i}: name/namespace/kind mismatch")
    if opn == "UPDATE":
        if o == old: errs.append(f"{i}: UPDATE changes nothing")
        if o["metadata"]["uid"] != old["metadata"]["uid"]: errs.append(f"{i}: UPDATE uid differs")
    if not c["subresource"]:
        av = ref["apiVersion"]
        g, v = av.split("/") if "/" in av else ("", av)
        if (g, v) != (c["group"], c["version"]): errs.append(f"{i}: group/version mismatch")
    if c["namespace"] and c["mission"] in missions and c["namespace"] != missions[c["mission"]]["namespace"]:
        errs.append(f"{i}: namespace differs from mission namespace")
    if not c["why"].strip(): errs.append(f"{i}: empty why")
    sizes.append((len(json.dumps(ref)), i))
    cat[c["category"]] += 1; op[opn] += 1; per_m[c["mission"]] += 1; kinds[c["kind"]] += 1
for m in missions:
    if per_m[m] == 0: errs.append(f"mission {m} has no cases")
tot = sum(cat.values())
print("cases:", tot)
for k in EXPECT: print(f"  {k:18s} {cat[k]:4d}  {100*cat[k]/tot:5.1f}%")
for k in ("CREATE", "UPDATE", "DELETE"): print(f"  {k:18s} {op[k]:4d}  {100*op[k]/tot:5.1f}%")
print("per mission:", dict(per_m))
print("kinds:", dict(kinds))
sizes.sort(); print("object sizes min/median/max:", sizes[0], sizes[len(sizes)//2], sizes[-1])
if errs:
    print("\n".join(errs)); sys.exit(1)
print("OK")
