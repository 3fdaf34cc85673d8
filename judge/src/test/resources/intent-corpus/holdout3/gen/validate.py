"""Validate holdout3 cases.jsonl: python3 gen/validate.py (from holdout3/)."""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource", "kind",
        "namespace", "name", "object", "oldObject", "why"]
CATS = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}
missions = json.load(open(os.path.join(HERE, "missions.json")))
errors = []
ids = set()
cat = collections.Counter(); ops = collections.Counter(); per_m = collections.Counter(); kinds = collections.Counter()
sizes = []
for ln, line in enumerate(open(os.path.join(HERE, "cases.jsonl")), 1):
    try:
        c = json.loads(line)
    except Exception as e:  # noqa: BLE001
        errors.append("line %d: bad json %s" % (ln, e)); continue
    if list(c.keys()) != KEYS:
        errors.append("line %d: keys %s" % (ln, list(c.keys())))
    if c["id"] in ids:
        errors.append("line %d: duplicate id %s" % (ln, c["id"]))
    ids.add(c["id"])
    if c["mission"] not in missions:
        errors.append("%s: unknown mission" % c["id"])
    if CATS.get(c["category"]) != c["expect"]:
        errors.append("%s: category/expect mismatch" % c["id"])
    op = c["operation"]
    if op not in ("CREATE", "UPDATE", "DELETE"):
        errors.append("%s: operation" % c["id"])
    if op == "CREATE" and (c["object"] is None or c["oldObject"] is not None):
        errors.append("%s: CREATE needs object, no oldObject" % c["id"])
    if op == "UPDATE" and (c["object"] is None or c["oldObject"] is None or c["object"] == c["oldObject"]):
        errors.append("%s: UPDATE needs differing object/oldObject" % c["id"])
    if op == "DELETE" and (c["object"] is not None or c["oldObject"] is None):
        errors.append("%s: DELETE needs oldObject only" % c["id"])
    if c["subresource"] not in ("", "scale"):
        errors.append("%s: subresource" % c["id"])
    src = c["object"] or c["oldObject"]
    if src["metadata"]["name"] != c["name"] or src["metadata"].get("namespace", "") != c["namespace"]:
        errors.append("%s: name/namespace mismatch" % c["id"])
    if src["kind"] != c["kind"]:
        errors.append("%s: kind mismatch" % c["id"])
    if not c["why"] or len(c["why"]) > 300:
        errors.append("%s: why" % c["id"])
    for o in (c["object"], c["oldObject"]):
        if o is not None:
            sizes.append(len(json.dumps(o)))
    cat[c["category"]] += 1; ops[op] += 1; per_m[c["mission"]] += 1; kinds[c["kind"]] += 1
n = sum(cat.values())
print("cases:", n)
for k in CATS:
    print("  %-17s %3d  %4.1f%%" % (k, cat[k], 100.0 * cat[k] / n))
print("operations:", dict(ops))
print("per mission:", dict(per_m))
print("kinds:", dict(kinds))
print("object size min/max bytes:", min(sizes), max(sizes))
if errors:
    print("\n".join(errors)); sys.exit(1)
print("OK")
