"""Benchmark: ``paykassma.verify_postback`` against the pure-Python port, same body, same run.

    python py/bench/bench_verify.py [--seconds 1.0] [--min-speedup 4]
"""

import argparse
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
    args = parser.parse_args()

    body = realistic_postback()
    # Same verdict from both before timing anything.
    native = paykassma.verify_postback(body, PRIVATE_KEY)
    pure = verify_postback_pure(body, PRIVATE_KEY)
    assert native.kind == pure["kind"]
    assert native.entries[0].transaction_id == pure["entries"][0]["transaction_id"]

    def native_full(b, k):
        # What a handler touches: the kind, the entries' ids and amounts, the key.
        p = paykassma.verify_postback(b, k)
        return p.kind, [(e.transaction_id, e.amount) for e in p.entries], p.idempotency_key

    def pure_full(b, k):
        p = verify_postback_pure(b, k)
        return p["kind"], [(e["transaction_id"], e["amount"]) for e in p["entries"]]

    t_native, t_pure = best_per_call([native_full, pure_full], body, args.seconds)
    speedup = t_pure / t_native
    print(f"verify_postback on a {len(body)}-byte postback (Python {sys.version.split()[0]})")
    print(f"  paykassma (Rust core): {t_native:8.2f} us/call  {1e6 / t_native:10.0f} calls/s")
    print(f"  pure Python port:      {t_pure:8.2f} us/call  {1e6 / t_pure:10.0f} calls/s")
    print(f"  speedup: {speedup:.1f}x")
    if speedup < args.min_speedup:
        print(f"FAIL: below the {args.min_speedup}x floor", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
