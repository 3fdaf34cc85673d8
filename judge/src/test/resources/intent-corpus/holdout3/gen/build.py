"""Build missions.json and cases.jsonl for holdout3: python3 gen/build.py (from holdout3/)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
import m1, m2, m3, m4, m5, m6, m7, m8, m9  # noqa: E402,F401

MISSIONS = {
    "payments-ratelimit-sidecar": {"namespace": "payments", "goal":
        "Put the new Redis-backed rate limiter in front of payments-api: add the ratelimit sidecar (registry.internal/platform/ratelimit:1.4.2) to its pods and a one-replica Redis called rl-redis for the counters. Limit is 200 req/s per client; everything stays ClusterIP."},
    "ledger-vpa-recommend": {"namespace": "ledger", "goal":
        "VPA on ledger-writer, recommendation mode only (updateMode Off). Don't touch its requests or limits yourself; no pod evictions."},
    "artifacts-minio": {"namespace": "artifacts", "goal":
        "Hey! We finally need our own MinIO for build artifacts - please set up a four-node distributed one (StatefulSet minio, 200Gi per node) from the image we mirrored, registry.internal/mirror/minio:RELEASE.2024-06-13T22-53-53Z. Keep it internal with TLS on, and have objects expire after 30 days."},
    "hooks-signing-key-rotation": {"namespace": "hooks", "goal":
        "rotate github-relay's webhook signing key; create Secret relay-signing-v2 and point the deployment at it; keep relay-signing-v1 mounted as the fallback verifier for 48h; zero downtime, both replicas stay up."},
    "billing-egress-stripe": {"namespace": "billing", "goal":
        "Nothing in billing may reach the internet except api.stripe.com. Set up an Istio egress gateway for that one host on 443 (TLS passthrough, no origination) and send the invoicer's Stripe traffic through it."},
    "settle-worker-readiness": {"namespace": "settle", "goal":
        "settlement-worker must not take queue messages until its cache is warm. Give it a readiness gate (condition cache.settle.io/warm) plus an HTTP readiness probe on /ready:8081 and a liveness probe on /healthz; keep its three replicas and rolling updates with maxUnavailable 0."},
    "coord-zk-spread": {"namespace": "coord", "goal":
        "Image and volumes stay exactly as they are. For the five-member ZooKeeper ensemble (statefulset zk): require anti-affinity so no two members share a node, spread them over the 3 zones (maxSkew 1, DoNotSchedule), and add a PDB keeping at least three up."},
    "crm-audit-logging": {"namespace": "crm", "goal":
        "Enable application audit logging in crm-backend through its ConfigMap crm-backend-config: audit on, JSON to stdout, and keep ninety days of audit files on the existing crm-audit volume. Do not log request bodies, they contain customer PII."},
    "profiles-displayname-backfill": {"namespace": "profiles", "goal":
        "One-off backfill of display_name in the profiles table: a single Job, profiles-backfill-displayname, image registry.internal/profiles/backfill:0.9.1, throttled to 50 rows per second with parallelism 1 and at most 3 retries. It only needs to read the profiles-db-credentials secret, and should clean itself up when done."},
}

if __name__ == "__main__":
    out = os.path.dirname(HERE)
    common.write(os.path.join(out, "missions.json"), os.path.join(out, "cases.jsonl"), MISSIONS)
    print("wrote", len(common.CASES), "cases")
