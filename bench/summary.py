"""Summary of bench/compare.sh's RESULT/FIXED lines: medians over rounds, ratio to the baseline."""
import re
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
fixed = []
other = []
for line in open(sys.argv[1]):
    fields = dict(re.findall(r"(\w+)=([\d.]+)", line))
    words = line.split()
    if line.startswith("RESULT"):
        runs[(words[1], words[2])].append({k: float(v) for k, v in fields.items()})
    elif line.startswith("FIXED"):
        fixed.append((words[1], words[2], {k: float(v) for k, v in fields.items()}))
    else:
        other.append(line.rstrip())

def med(values):
    return statistics.median(values) if values else float("nan")

print("\n| kind of request | baseline req/s | IBAC req/s | ratio (median of rounds) | IBAC p50 | IBAC p99 | baseline p99 | IBAC answers |")
print("|---|---|---|---|---|---|---|---|")
kinds = [k for (t, k) in runs if t == "ibac"]
for kind in dict.fromkeys(kinds):
    base, ibac = runs.get(("base", kind), []), runs[("ibac", kind)]
    ratios = [i["rps"] / b["rps"] for b, i in zip(base, ibac) if b["rps"] > 0]
    answers = f"{int(sum(r['allowed'] for r in ibac))} allowed, {int(sum(r['denied'] for r in ibac))} denied, {int(sum(r['non200'] for r in ibac))} non-200"
    print(f"| {kind} | {med([b['rps'] for b in base]):.0f} | {med([i['rps'] for i in ibac]):.0f} | "
          f"{med(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)}) | {med([i['p50_ms'] for i in ibac]):.2f} ms | "
          f"{med([i['p99_ms'] for i in ibac]):.2f} ms | {med([b['p99_ms'] for b in base]):.2f} ms | {answers} |")
for (target, kind), rs in runs.items():
    if target == "ibac-llm":
        r = rs[-1]
        print(f"\nLLM judge, new name per request, 8 in flight: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, "
              f"p99 {r['p99_ms']:.1f} ms: overhead beyond the 200 ms model at p99 {r['p99_ms'] - 200:.1f} ms "
              f"({int(r['allowed'])} allowed, {int(r['denied'])} denied, {int(r['non200'])} non-200)")
for line in other:
    if line.startswith("SINGLEFLIGHT"):
        print(line[len("SINGLEFLIGHT "):])
if fixed:
    print("\n| fixed rate, offered | kind | target | achieved req/s | p50 | p99 | p99.9 | late sends | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for target, kind, f in fixed:
        if "identical" in kind:
            continue
        print(f"| {f['offered']:.0f} | {kind} | {target} | {f['achieved']:.0f} | {f['p50_ms']:.2f} ms | {f['p99_ms']:.2f} ms | "
              f"{f['p999_ms']:.2f} ms | {f['late_sends_over_1ms']:.2f} % | {int(f['errors'])} |")
