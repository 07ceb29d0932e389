#!/usr/bin/env python3
"""Writes BENCHMARKS.md: runs each existing benchmark program once on the same inputs
(core/benches/data: a ~6 KB postback, a withdrawal request), collects their figures and each
process's peak memory, and adds the machine. Run through `make benchmarks` (which builds
everything first); the argument is the Python of the venv where the extension is installed.

    scripts/benchmarks.py PYTHON [PHP]
"""

import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "core" / "benches" / "data"
BODY, POSTBACK_KEY = DATA / "postback_6kb.json", "bench-postback-key"
REQUEST, REQUEST_KEY = DATA / "withdrawal_request.json", "withdrawal-private-key"
SHARED = [str(BODY), POSTBACK_KEY, str(REQUEST), REQUEST_KEY]
ITERATIONS = "20000"
LOAD_THREADS, LOAD_SECONDS = "8", "10"


def run(label, cmd, env=None, cwd=ROOT):
    """Runs one benchmark process; returns its output and its peak RSS (MB) from wait4."""
    print(f"== {label}: {' '.join(cmd)}", file=sys.stderr)
    started = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{label} failed (exit {p.returncode}):\n{out}")
    sys.stderr.write(out)
    return out, usage.ru_maxrss / 1024, time.monotonic() - started


def bench_line(out):
    found = [json.loads(m) for m in re.findall(r"^BENCH (\{.*\})$", out, re.M)]
    if not found:
        sys.exit(f"no BENCH line in:\n{out}")
    return found[-1]


def rust_core():
    # Built by cargo, then run directly so that its peak memory is its own, not cargo's.
    built = subprocess.run(["cargo", "bench", "--quiet", "-p", "paykassma", "--bench", "verify", "--no-run",
                            "--message-format=json"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    exe = next(m["executable"] for m in map(json.loads, built.splitlines())
               if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "verify")
    out, rss, _ = run("Rust core", [exe])
    figure = lambda name: float(re.search(rf"^{re.escape(name)}\s+([\d.]+)us", out, re.M).group(1))  # noqa: E731
    return {"verify_us": figure("verify postback (~6 KB)"), "sign_us": figure("sign withdrawal request (JSON)"),
            "cross_us": 0.0}, rss, out


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    os_name = platform.platform()
    try:
        os_name = re.search(r'^PRETTY_NAME="(.*)"', Path("/etc/os-release").read_text(), re.M).group(1) + f" ({platform.release()})"
    except (OSError, AttributeError):
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "os": os_name}


def main():
    python = sys.argv[1]
    php = sys.argv[2] if len(sys.argv) > 2 else "php"
    before = machine()
    rows, rss = {}, {}
    rows["rust"], rss["Rust core (core/benches/verify.rs)"], rust_out = rust_core()
    out, rss["PHP, plain (tests/php-oracle/bench.php)"], _ = run("plain PHP", [php, "tests/php-oracle/bench.php", *SHARED, ITERATIONS])
    plain_php = json.loads(out.strip().splitlines()[-1])
    out, rss["C ABI (tests/c/bench.c)"], _ = run("C ABI", ["target/ffi/bench", *SHARED, ITERATIONS])
    rows["c"] = bench_line(out)
    out, rss["PHP via FFI (php/benches/bench.php)"], _ = run(
        "PHP FFI", [php, "-d", "ffi.enable=true", "php/benches/bench.php", ITERATIONS, *SHARED])
    rows["php-ffi"] = bench_line(out)
    out, rss["Python (py/bench/bench_verify.py)"], _ = run("Python", [
        python, "py/bench/bench_verify.py", "--seconds", "1", "--body", str(BODY), "--key", POSTBACK_KEY,
        "--request", str(REQUEST), "--request-key", REQUEST_KEY, "--json"])
    rows["python"] = bench_line(out)
    out, rss["Node (node/bench/verify_postback.js)"], _ = run("Node", ["node", "bench/verify_postback.js"], env={
        "BENCH_BODY": str(BODY), "BENCH_KEY": POSTBACK_KEY, "BENCH_REQUEST": str(REQUEST),
        "BENCH_REQUEST_KEY": REQUEST_KEY, "BENCH_ITERATIONS": "5000"}, cwd=ROOT / "node")
    rows["node"] = bench_line(out)
    load_out, rss["sandbox + load (paykassma-load, both processes)"], _ = run("load", [
        "target/release/paykassma-load", "--threads", LOAD_THREADS, "--seconds", LOAD_SECONDS])
    after = machine()
    write(before, after, rows, plain_php, rss, load_out, rust_out)


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def write(before, after, rows, plain_php, rss, load_out, rust_out):
    php_v, php_s = plain_php["verify_us"], plain_php["sign_us"]
    names = {"rust": "Rust core", "c": "C ABI", "php-ffi": "PHP via FFI", "python": "Python", "node": "Node"}
    ports = {"php-ffi": ("plain PHP", php_v), "python": ("pure Python", None), "node": ("plain JS", None)}
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make benchmarks` (scripts/benchmarks.py); do not edit by hand. Every figure is",
        "from one run on the machine below, all languages on the same inputs in the same run:",
        f"`core/benches/data/postback_6kb.json` ({BODY.stat().st_size} bytes, 3 signed entries, 184 rates) and",
        f"`core/benches/data/withdrawal_request.json` ({REQUEST.stat().st_size} bytes). Microseconds per call, lower is",
        "better. Shared machines are noisy: compare figures from the same run only.",
        "",
        "## Machine",
        "",
        f"- CPU: {before['cpu']}, {before['cpus']} logical CPUs (`nproc`)",
        f"- OS: {before['os']}",
        f"- load average (1/5/15 min): {before['load']} before the run, {after['load']} after",
        f"- generated: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "## Verify a ~6 KB postback, sign a withdrawal",
        "",
        f"Plain PHP on the same inputs (tests/php-oracle/bench.php, PHP {plain_php['php']}): verify {fmt(php_v)} us, "
        f"sign {fmt(php_s)} us. The ratio columns are PHP's time over the SDK's (above 1: the SDK is faster).",
        "",
        "| language | verify (us) | vs PHP | hand-written port: verify (us) | sign (us) | vs PHP | crossing the binding (us) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, name in names.items():
        r = rows[key]
        port = r.get("port_verify_us")
        if key == "php-ffi":
            port = php_v
        port_text = "–" if port is None else f"{fmt(port)} ({ports[key][0]})"
        lines.append(f"| {name} | {fmt(r['verify_us'])} | {php_v / r['verify_us']:.1f}x | {port_text} | "
                     f"{fmt(r['sign_us'])} | {php_s / r['sign_us']:.1f}x | {fmt(r.get('cross_us'), 3)} |")
    lines += [
        "",
        "Crossing the binding: the cheapest call into the core from that language: none for Rust;",
        "`pk_version` for C and `Sdk::version()` for PHP (a call through FFI); `sign({\"a\": \"1\"}, \"k\")` for",
        "Python and Node (converting a tiny object and signing it). Rust and C have no hand-written port",
        "(PHP is their reference). The ports: py/bench/pure_python_port.py, node/bench/js_port.js, the",
        "plain functions in tests/php-oracle/bench.php.",
        "",
        "## Client requests per second against the sandbox",
        "",
        f"The program of `make bench-load` (`paykassma-load --threads {LOAD_THREADS} --seconds {LOAD_SECONDS}`): the sandbox",
        "in one process, the load from a second one over loopback, first one `Client` shared by all",
        "threads, then one per thread; keep-alive connections are reused (see `TCP connections opened`).",
        "",
        "```",
        *[line for line in load_out.strip().splitlines() if not line.startswith("machine:")],
        "```",
        "",
        "## Peak memory (max RSS of each benchmark process, from wait4)",
        "",
        "| process | max RSS (MB) |",
        "|---|---:|",
        *[f"| {k} | {v:.1f} |" for k, v in rss.items()],
        "",
        "Node's peak comes from its synchronous timing loops: N-API finalizers (which free each",
        "postback's lazily decoded rates text) run only when the event loop turns, so a loop that never",
        "yields holds ~3 KB per postback until it ends; node/test/memory.test.js shows no growth when it yields.",
        "",
        "## Raw output of the Rust core benchmark",
        "",
        "```",
        *rust_out.strip().splitlines(),
        "```",
        "",
    ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print("wrote BENCHMARKS.md", file=sys.stderr)


if __name__ == "__main__":
    main()
