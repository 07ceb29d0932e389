"""Benchmark: ``paykassma.verify_postback`` against the pure-Python port, same body, same run.

    python py/bench/bench_verify.py [--seconds 1.0] [--min-speedup 4]
    python py/bench/bench_verify.py --body FILE --key KEY --request FILE --request-key KEY --json

With ``--json`` it also prints one ``BENCH {...}`` line (microseconds per call) for
``make benchmarks``; ``--request`` adds ``sign`` on that request and on a tiny one (the cost of
crossing into the extension).
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import paykassma  # noqa: E402
from pure_python_port import verify_postback_pure  # noqa: E402
from realistic_postback import PRIVATE_KEY, realistic_postback  # noqa: E402


def batch_size(fn, body: bytes) -> int:
    """Calls per timed batch: enough for about 20 ms."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn(body, PRIVATE_KEY)
        if time.perf_counter() - start > 0.02:
            return n
        n *= 2


def best_per_call(contenders, body: bytes, seconds: float):
    """Microseconds per call of each contender: batches alternate between them (so a busy
    machine slows both alike) and the fastest batch of each counts."""
    sizes = [batch_size(fn, body) for fn in contenders]
    best = [float("inf")] * len(contenders)
    deadline = time.perf_counter() + seconds * len(contenders)
    while time.perf_counter() < deadline:
        for i, fn in enumerate(contenders):
            start = time.perf_counter()
            for _ in range(sizes[i]):
                fn(body, PRIVATE_KEY)
            best[i] = min(best[i], (time.perf_counter() - start) / sizes[i] * 1e6)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0, help="time per contender")
    parser.add_argument("--min-speedup", type=float, default=0.0, help="fail below this ratio")
    parser.add_argument("--body", help="the postback to verify (default: the built-in ~6 KB one)")
    parser.add_argument("--key", default=PRIVATE_KEY, help="its postback private key")
    parser.add_argument("--request", help="a withdrawal request (JSON) to time sign on")
    parser.add_argument("--request-key", default="withdrawal-private-key")
    parser.add_argument("--json", action="store_true", help="also print a BENCH line of JSON")
    args = parser.parse_args()

    body = Path(args.body).read_bytes() if args.body else realistic_postback()
    key = args.key
    # Same verdict from both before timing anything.
    native = paykassma.verify_postback(body, key)
    pure = verify_postback_pure(body, key)
    assert native.kind == pure["kind"]
    assert native.entries[0].transaction_id == pure["entries"][0]["transaction_id"]

    def native_full(b, _):
        # What a handler touches: the kind, the entries' ids and amounts, the key.
        p = paykassma.verify_postback(b, key)
        return p.kind, [(e.transaction_id, e.amount) for e in p.entries], p.idempotency_key

    def pure_full(b, _):
        p = verify_postback_pure(b, key)
        return p["kind"], [(e["transaction_id"], e["amount"]) for e in p["entries"]]

    t_native, t_pure = best_per_call([native_full, pure_full], body, args.seconds)
    speedup = t_pure / t_native
    print(f"verify_postback on a {len(body)}-byte postback (Python {sys.version.split()[0]})")
    print(f"  paykassma (Rust core): {t_native:8.2f} us/call  {1e6 / t_native:10.0f} calls/s")
    print(f"  pure Python port:      {t_pure:8.2f} us/call  {1e6 / t_pure:10.0f} calls/s")
    print(f"  speedup: {speedup:.1f}x")
    if args.json:
        line = {"language": "python", "python": sys.version.split()[0], "body_bytes": len(body),
                "verify_us": t_native, "port_verify_us": t_pure}
        if args.request:
            request = json.loads(Path(args.request).read_text())
            line["sign_us"], line["cross_us"] = best_per_call(
                [lambda b, k: paykassma.sign(request, args.request_key), lambda b, k: paykassma.sign({"a": "1"}, "k")],
                body, args.seconds)
        print("BENCH " + json.dumps(line))
    if speedup < args.min_speedup:
        print(f"FAIL: below the {args.min_speedup}x floor", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
