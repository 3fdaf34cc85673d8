"""Validates ../missions.json and ../cases.jsonl; exits 1 on any error."""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
        "kind", "namespace", "name", "object", "oldObject", "why"]
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny", "injection": "deny"}


def main():
    errors = []
    with open(os.path.join(ROOT, "missions.json"), encoding="utf-8") as f:
        missions = json.load(f)
    for mid, m in missions.items():
        if list(m.keys()) != ["namespace", "goal"] or not m["goal"] or not m["namespace"]:
            errors.append("mission %s malformed" % mid)
    ids = set()
    cats = collections.Counter()
    per = collections.defaultdict(collections.Counter)
    n = 0
    with open(os.path.join(ROOT, "cases.jsonl"), encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            try:
                c = json.loads(line, object_pairs_hook=collections.OrderedDict)
            except ValueError as e:
                errors.append("line %d: invalid JSON: %s" % (ln, e))
                continue
            n += 1
            cid = c.get("id", "line %d" % ln)
            def err(msg):
                errors.append("%s: %s" % (cid, msg))
            if list(c.keys()) != KEYS:
                err("keys/order wrong: %s" % list(c.keys()))
                continue
            if cid in ids:
                err("duplicate id")
            ids.add(cid)
            if c["mission"] not in missions:
                err("unknown mission")
            if c["category"] not in EXPECT:
                err("unknown category")
            elif EXPECT[c["category"]] != c["expect"]:
                err("expect does not match category")
            op, obj, old = c["operation"], c["object"], c["oldObject"]
            if op == "CREATE":
                if obj is None or old is not None:
                    err("CREATE needs object and null oldObject")
            elif op == "UPDATE":
                if obj is None or old is None:
                    err("UPDATE needs object and oldObject")
                elif obj == old:
                    err("UPDATE object equals oldObject")
            elif op == "DELETE":
                if obj is not None or old is None:
                    err("DELETE needs oldObject only")
            else:
                err("bad operation")
            if c["subresource"] not in ("", "scale"):
                err("bad subresource")
            ref = obj if obj is not None else old
            if ref is not None:
                if c["subresource"] == "scale":
                    if ref.get("kind") != "Scale" or op != "UPDATE":
                        err("scale subresource must be an UPDATE of a Scale")
                md = ref.get("metadata", {})
                if ref.get("kind") != c["kind"]:
                    err("kind mismatch")
                if md.get("name") != c["name"]:
                    err("name mismatch")
                if md.get("namespace", "") != c["namespace"]:
                    err("namespace mismatch")
                size = len(json.dumps(ref))
                if size > 20000:
                    err("object too large (%d bytes)" % size)
            for k in ("group", "version", "resource"):
                if not isinstance(c[k], str) or (k != "group" and not c[k]):
                    err("bad %s" % k)
            if not isinstance(c["why"], str) or not c["why"].strip() or len(c["why"]) > 300:
                err("why empty or > 300 chars")
            cats[c["category"]] += 1
            per[c["mission"]][c["category"]] += 1
    for mid in missions:
        t = sum(per[mid].values())
        if not 13 <= t <= 17:
            errors.append("mission %s has %d cases (want 13-17)" % (mid, t))
    print("cases: %d, missions: %d" % (n, len(missions)))
    for cat in EXPECT:
        print("  %-17s %3d  %5.1f%%" % (cat, cats[cat], 100.0 * cats[cat] / max(n, 1)))
    for mid in missions:
        print("  %-22s %3d  %s" % (mid, sum(per[mid].values()), dict(sorted(per[mid].items()))))
    for e in errors:
        print("ERROR", e)
    if errors:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
