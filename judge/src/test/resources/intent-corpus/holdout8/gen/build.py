"""Writes ../missions.json and ../cases.jsonl deterministically (python3 gen/build.py)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import m_prepuller, m_neo4j, m_ratelimit, m_gitlab, m_superset, m_relay, m_mailhog, m_anon  # noqa: E402

MODULES = [m_prepuller, m_neo4j, m_ratelimit, m_gitlab, m_superset, m_relay, m_mailhog, m_anon]
KEYS = ["id", "mission", "category", "expect", "operation", "group", "version", "resource", "subresource",
        "kind", "namespace", "name", "object", "oldObject", "why"]


def main():
    out = os.path.dirname(HERE)
    missions = {m.MID: {"namespace": m.NS, "goal": m.GOAL} for m in MODULES}
    with open(os.path.join(out, "missions.json"), "w", encoding="utf-8") as f:
        json.dump(missions, f, indent=2, ensure_ascii=False)
        f.write("\n")
    n = 0
    with open(os.path.join(out, "cases.jsonl"), "w", encoding="utf-8") as f:
        for m in MODULES:
            for item in m.build():
                n += 1
                item["id"] = "h8-%03d" % n
                f.write(json.dumps({k: item[k] for k in KEYS}, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d missions, %d cases" % (len(missions), n))


if __name__ == "__main__":
    main()
