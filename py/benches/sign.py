"""Signing the withdrawal requests of the benchmark corpus (``make bench-corpus``): the binding
(``paykassma.sign`` on each request as a dict and as its JSON text) against the obvious Python
(``json.loads``, ``sorted``, ``hashlib``), same requests, same run. Checks every signature against
PHP's first, then prints one ``BENCH {...}`` line per implementation and input: median and slowest
over the requests, each timed as the best of ROUNDS rounds of REPS calls.

    python py/benches/sign.py CORPUS [ROUNDS] [REPS]
"""

import hashlib
import json
import resource
import sys
import time

import paykassma


def obvious_sign(data: dict, key: str) -> str:
    """What a merchant writes first from the documents' formula."""
    data = {k: v for k, v in data.items() if k != "signature"}

    def implode(value) -> str:
        if isinstance(value, dict):
            return ":".join(implode(v) for v in value.values())
        if isinstance(value, list):
            return ":".join(implode(v) for v in value)
        if value is True:
            return "1"
        if value is False or value is None:
            return ""
        return str(value)

    text = ":".join(implode(data[k]) for k in sorted(data))
    md5 = hashlib.md5(text.encode()).hexdigest()
    return hashlib.sha1((key + md5).encode()).hexdigest()


def obvious_sign_json(text: str, key: str) -> str:
    return obvious_sign(json.loads(text), key)


def report(impl: str, input_: str, requests, fn, rounds: int, reps: int) -> None:
    clock = time.perf_counter_ns
    times = []
    for r in requests:
        data, key = r[input_], r["key"]
        best = float("inf")
        for _ in range(rounds):
            start = clock()
            for _ in range(reps):
                fn(data, key)
            best = min(best, (clock() - start) / reps / 1000)
        times.append(best)
    times.sort()
    line = {"what": "sign", "impl": impl, "input": "dict" if input_ == "request" else "json",
            "n": len(times), "median_us": round(times[len(times) // 2], 3),
            "slowest_us": round(times[-1], 3),
            "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    print("BENCH " + json.dumps(line, separators=(",", ":")), flush=True)


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: sign.py CORPUS [ROUNDS] [REPS]")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    with open(sys.argv[1], encoding="utf-8") as f:
        requests = [json.loads(line) for line in f]
    for r in requests:
        for got in (paykassma.sign(r["request"], r["key"]), paykassma.sign(r["json"], r["key"]),
                    obvious_sign(r["request"], r["key"])):
            if got != r["signature"]:
                sys.exit(f"signature differs from PHP's on {r['json']}")
    report("python", "request", requests, paykassma.sign, rounds, reps)
    report("python", "json", requests, paykassma.sign, rounds, reps)
    report("obvious-python", "request", requests, obvious_sign, rounds, reps)
    report("obvious-python", "json", requests, obvious_sign_json, rounds, reps)


if __name__ == "__main__":
    main()
