"""Writes ../cases.jsonl from the case modules. Run: python3 build.py"""
import json
import os

import lib
import cases_a  # noqa: F401
import cases_b  # noqa: F401

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cases.jsonl")
with open(out, "w", encoding="utf-8") as f:
    for c in lib.CASES:
        f.write(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"wrote {len(lib.CASES)} cases to {os.path.normpath(out)}")
