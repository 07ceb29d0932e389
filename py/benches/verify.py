"""Verifying the postbacks of the benchmark corpus (``make bench-corpus``) from Python:
``paykassma.verify_postback`` (python) or the obvious code (obvious-python: ``json.loads``,
``json.dumps(..., separators=(",", ":"), ensure_ascii=False)``, ``hashlib``), each reading the
first signed entry's amount as a handler does. Each item is timed alone, the best of the rounds;
prints the median and the slowest as a ``BENCH`` line (see benches/run.py).

    python py/benches/verify.py [--impl python|obvious-python] [--rounds N] [--corpus FILE]

Without ``--impl`` each runs in a process of its own (peak memory is each one's own).
``--rounds`` defaults to ``BENCH_ROUNDS``, else 20.
"""

import argparse
import json
import resource
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from obvious import ObviousPostbackError, verify_postback_obvious  # noqa: E402

CALLS = 4
ROOT = Path(__file__).resolve().parents[2]


def sdk():
    import paykassma

    def verify(body, key):
        return paykassma.verify_postback(body, key).entries[0].amount

    return verify


def obvious(body, key):
    try:
        return verify_postback_obvious(body, key)["entries"][0]["amount"]
    except ObviousPostbackError:
        # A body the obvious code gets wrong (a signed float) is timed all the same.
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", choices=["python", "obvious-python"])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 20)))
    parser.add_argument("--corpus", default=str(ROOT / "target" / "bench-corpus" / "postbacks.jsonl"))
    args = parser.parse_args()
    if args.impl is None:
        for impl in ("python", "obvious-python"):
            subprocess.run([sys.executable, __file__, "--impl", impl, "--rounds", str(args.rounds),
                            "--corpus", args.corpus], check=True)
        return 0
    try:
        lines = Path(args.corpus).read_text().splitlines()
    except OSError as e:
        sys.exit(f"cannot read {args.corpus} ({e}): run `make bench-corpus` first")
    corpus = [(r["body"].encode(), r["key"]) for r in map(json.loads, lines)]
    verify = sdk() if args.impl == "python" else obvious
    # Every body verifies before anything is timed (an error stops the run); the obvious code
    # refuses some.
    wrong = sum(verify(body, key) is None for body, key in corpus)
    warm = time.perf_counter()
    while time.perf_counter() - warm < 2:
        for body, key in corpus:
            verify(body, key)
    best = [float("inf")] * len(corpus)
    clock = time.perf_counter_ns
    for _ in range(max(1, args.rounds)):
        for i, (body, key) in enumerate(corpus):
            start = clock()
            for _ in range(CALLS):
                verify(body, key)
            best[i] = min(best[i], (clock() - start) / CALLS / 1000)
    median, slowest = statistics.median(best), max(best)
    note = f" ({wrong} of them refused: signed floats)" if wrong else ""
    print(f"verify {args.impl} (Python {sys.version.split()[0]}): {len(best)} items{note}, "
          f"median {median:.2f} us, slowest {slowest:.2f} us")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("BENCH " + json.dumps({"what": "verify", "impl": args.impl, "n": len(best), "median_us": round(median, 3),
                                 "slowest_us": round(slowest, 3), "peak_rss_kb": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
