#!/usr/bin/env python3
"""Writes BENCHMARKS.md: runs every package's bench programs on the benchmark corpus in one run,
collects their `BENCH {...}` lines and writes each language against PHP and against the obvious
code of that language, with the median, the slowest item and peak memory, and the machine with
its load average before, during and after. Run through `make benchmarks`, which builds everything
and the corpus (`make bench-corpus`) first.

    benches/run.py --python PY [--php PHP] [--rounds N] [--out FILE] [--no-load] [--quiet-below L]

A bench program is a file in `<package>/benches/` whose text holds `BENCH ` followed by `{` or
a quote (the line it prints): Rust bench targets (built by cargo, run directly so that their peak
memory is their own), C files in `ffi-c/benches/` (compiled against the library through
pkg-config), `.py` (run with PY), `.php` and `.js` programs. Each prints one line per result:

    BENCH {"what":"verify","impl":"core","n":240,"median_us":X,"slowest_us":Y,"peak_rss_kb":Z}

`--rounds` reaches every program as `BENCH_ROUNDS`. Every program is built first; then the run
waits (up to `--quiet-wait` seconds) for the 1-minute load average to fall below `--quiet-below`,
so that the builds' own load is not in the figures, and says in BENCHMARKS.md if it never did.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "target" / "bench-corpus"
MARKER = re.compile(r"BENCH [{'\"]")
BENCH_LINE = re.compile(r"^BENCH (\{.*\})\s*$", re.M)
PACKAGES = ["core", "ffi-c", "py", "node", "php", "sandbox", "cli"]

# Each implementation's language, and the reference rows of each table.
LANGUAGE = {
    "core": "Rust", "limit": "Rust", "floor": "Rust", "c": "C", "python": "Python", "obvious-python": "Python",
    "node": "Node", "node-read-first": "Node", "node-read-all": "Node", "obvious-js": "Node",
    "obvious-js-read-all": "Node", "php-ext": "PHP", "php-ffi": "PHP", "plain-php": "PHP",
}
OBVIOUS = {"Python": "obvious-python", "Node": "obvious-js", "PHP": "plain-php"}
NAMES = {
    "core": "Rust core", "limit": "the limit (md5 of the signed list + one validating pass)",
    "c": "C ABI (result as JSON)", "python": "Python `verify_postback`", "obvious-python": "obvious Python",
    "node": "Node", "node-read-first": "Node, then one member read", "node-read-all": "Node, then every member read",
    "obvious-js": "obvious JS", "obvious-js-read-all": "obvious JS, then every member read",
    "php-ext": "PHP extension", "php-ffi": "PHP over FFI", "plain-php": "plain PHP",
}
# Where a sign row's name differs from its verify row's.
SIGN_NAMES = {"limit": "the limit (md5 + sha1 of the signing string)", "c": "C ABI", "python": "Python `sign`",
              "floor": "md5 + sha1 + one validating pass over the JSON (`php::check`)"}
# Issue 17's and 13's targets: ((what, impl, input), against, at least this ratio of times);
# against "self": the slowest item at most this many times the median one. Plain PHP signs arrays.
# Where a limit row bounds a target, CEILINGS names it: the same ratio for the limit is the best
# any implementation of that row can reach on this machine.
PLAIN_SIGN = ("sign", "plain-php", "array")
VERIFY_LIMIT, SIGN_LIMIT = ("verify", "limit", None), ("sign", "limit", None)
CEILINGS = {("verify", "core", None): VERIFY_LIMIT, ("verify", "python", None): VERIFY_LIMIT,
            ("sign", "core", "json"): SIGN_LIMIT, ("sign", "php-ext", "array"): SIGN_LIMIT}
# A binding's own floor ("the floor (...)" rows: the least any implementation through that binding
# must do) bounds its targets more tightly than the limit; where one was measured it is the ceiling.
FLOOR_PREFIX = "the floor"
# A floor that leaves the hashing out (its name says "no hashing") gets the limit row's time added.
NO_HASHING = "no hashing"
PROGRAM_LANGUAGE = {"php/": "PHP", "node/": "Node", "py/": "Python", "ffi-c/": "C", "core/": "Rust"}
TARGETS = [
    (("verify", "core", None), ("verify", "plain-php", None), 4.0, "core verify vs plain PHP"),
    (("verify", "c", None), ("verify", "core", None), 1 / 1.3, "C ABI verify at most 1.3x the core's time"),
    (("verify", "python", None), ("verify", "obvious-python", None), 6.0, "Python `verify_postback` vs the obvious Python"),
    (("verify", "node", None), ("verify", "obvious-js", None), 3.0, "Node verify vs the obvious JS"),
    (("verify", "node", None), "self", 2.0, "Node: slowest body at most 2x the median body"),
    (("verify", "node", "3.7-7.9 KB"), "self", 2.0, "the same, on the 3.7-7.9 KB bodies issue 17 first measured"),
    (("verify", "php-ext", None), ("verify", "plain-php", None), 2.0, "PHP extension verify vs plain PHP"),
    (("sign", "core", "json"), PLAIN_SIGN, 2.0, "core `sign_json` vs plain PHP from arrays"),
    (("sign", "php-ext", "array"), PLAIN_SIGN, 2.0, "PHP extension sign (arrays) vs plain PHP"),
    (("sign", "c", "json"), PLAIN_SIGN, 1.0, "C ABI sign faster than plain PHP"),
    (("sign", "python", "dict"), PLAIN_SIGN, 1.0, "Python sign (dict) faster than plain PHP"),
    (("sign", "python", "dict"), ("sign", "obvious-python", "dict"), 1.0, "Python sign (dict) faster than the obvious Python"),
    (("sign", "node", "object"), PLAIN_SIGN, 1.0, "Node sign (object) faster than plain PHP"),
    (("sign", "node", "object"), ("sign", "obvious-js", "object"), 1.0, "Node sign (object) faster than the obvious JS"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="a Python with the paykassma wheel installed")
    parser.add_argument("--php", default="php")
    parser.add_argument("--rounds", type=int, default=20, help="rounds per item, best one kept")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--no-load", action="store_true", help="skip the 20-second sandbox load benchmark")
    parser.add_argument("--quiet-below", type=float, default=0.5, help="1-minute load average to wait for")
    parser.add_argument("--quiet-wait", type=float, default=600, help="seconds to wait for it at most")
    args = parser.parse_args()
    if not (CORPUS / "postbacks.jsonl").exists():
        sys.exit(f"no corpus in {CORPUS}: run `make bench-corpus` first")
    os.environ["BENCH_ROUNDS"] = str(args.rounds)
    to_run = list(programs_to_run(args))  # builds every Rust and C program before anything is timed
    quiet = wait_until_quiet(args.quiet_below, args.quiet_wait)
    before = machine()
    before["quiet"] = (*quiet, args.quiet_below)
    started = time.monotonic()
    results, programs, loads = [], [], []
    for label, cmd, cwd in to_run:
        out = run(label, cmd, cwd)
        loads.append(os.getloadavg()[0])
        found = [json.loads(m) for m in BENCH_LINE.findall(out)]
        skipped = re.findall(r"^SKIPPED (.*)$", out, re.M)
        if not found and not skipped:
            sys.exit(f"{label} printed no BENCH line:\n{out}")
        for r in found:
            r["program"] = label
        results += found
        programs.append((label, len(found), skipped))
    load = None if args.no_load else load_benchmark()
    after = machine()
    write(Path(args.out), results, programs, before, after, loads, time.monotonic() - started, load)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def programs_to_run(args):
    """(label, command, working folder) for every bench program, Rust first."""
    for package in PACKAGES:
        folder = ROOT / package / "benches"
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file() or not MARKER.search(path.read_text(errors="replace")):
                continue
            label = str(path.relative_to(ROOT))
            # The sign programs take the request corpus (and rounds, reps) as arguments.
            requests = str(CORPUS / "requests.jsonl")
            extra = ([] if path.stem != "sign" else ["--corpus", requests] if path.suffix == ".rs"
                     else [requests, "7", "20"])
            if path.suffix == ".rs":
                yield label, [rust_bench(package, path.stem), *extra], ROOT
            elif path.suffix == ".c":
                yield label, [c_bench(path), *extra], ROOT
            elif path.suffix == ".py":
                yield label, [args.python, str(path), *extra], ROOT
            elif path.suffix == ".php":
                yield label, [args.php, *php_flags(), str(path), *extra], ROOT
            elif path.suffix in (".js", ".mjs"):
                yield label, ["node", str(path), *extra], ROOT / package


def php_flags():
    """The extension and FFI, for programs that time both backends in one process."""
    ext = ROOT / "php" / "ext" / "modules" / "paykassma.so"
    return [*(["-d", f"extension={ext}"] if ext.exists() else []), "-d", "ffi.enable=true"]


def rust_bench(package: str, name: str) -> str:
    """Builds a cargo bench target and gives its executable."""
    manifest = ROOT / package / "Cargo.toml"
    built = subprocess.run(["cargo", "bench", "--quiet", "--manifest-path", str(manifest), "--bench", name,
                            "--no-run", "--message-format=json"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout
    return next(m["executable"] for m in map(json.loads, built.splitlines())
                if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == name)


def c_bench(path: Path) -> str:
    """Compiles a C bench program against the library (pkg-config, target/ffi/pkgconfig)."""
    out = ROOT / "target" / "ffi" / f"bench-{path.stem}"
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PKG_CONFIG_PATH": str(ROOT / "target" / "ffi" / "pkgconfig")}
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "paykassma"], env=env, capture_output=True,
                           text=True, check=True).stdout.split()
    libdir = next((f[2:] for f in flags if f.startswith("-L")), str(ROOT / "target" / "release"))
    # The corpus is read with the small JSON reader of the C tests.
    common = [os.environ.get("BENCH_C_COMMON", str(ROOT / "ffi-c" / "tests" / "json_mini.c"))]
    cmd = ["gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror",
           f"-I{Path(common[0]).parent}", "-o", str(out), str(path), *common, *flags, f"-Wl,-rpath,{libdir}"]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return str(out)


def wait_until_quiet(below: float, at_most: float):
    """Waits for the 1-minute load average to fall below `below`; gives (reached, seconds waited)."""
    started = time.monotonic()
    while os.getloadavg()[0] >= below and time.monotonic() - started < at_most:
        print(f"waiting for a quiet machine: 1-minute load {os.getloadavg()[0]:.2f}, want below {below}",
              file=sys.stderr)
        time.sleep(10)
    return os.getloadavg()[0] < below, time.monotonic() - started


def run(label: str, cmd, cwd) -> str:
    print(f"== {label}: {' '.join(map(str, cmd))}", file=sys.stderr)
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, text=True)
    sys.stderr.write(p.stdout)
    if p.returncode != 0:
        sys.exit(f"{label} failed (exit {p.returncode})")
    return p.stdout


def load_benchmark():
    """The sandbox under client load (`make bench-load`'s program), when it was built."""
    exe = ROOT / "target" / "release" / "paykassma-load"
    if not exe.exists():
        return None
    return run("paykassma-load", [str(exe), "--threads", "8", "--seconds", "10"], ROOT)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    os_name = platform.platform()
    try:
        pretty = re.search(r'^PRETTY_NAME="(.*)"', Path("/etc/os-release").read_text(), re.M).group(1)
        os_name = f"{pretty} ({platform.release()})"
    except (OSError, AttributeError):
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "load": os.getloadavg(), "os": os_name}


def ratio(reference, row, key):
    return reference[key] / row[key]


def write(out: Path, results, programs, before, after, loads, seconds, load_out):
    by = {}
    for r in results:
        by[(r["what"], r["impl"], r.get("input"))] = r
        by.setdefault((r["what"], r["impl"], None), r)
    corpus = describe_corpus()
    reached, seconds_waited, below = before["quiet"]
    waited = f"after the builds and {seconds_waited:.0f} s of waiting for it to fall below {below}" + (
        "" if reached else ", which it never did")
    fmt_load = lambda l: " ".join(f"{x:.2f}" for x in l)  # noqa: E731
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make benchmarks` (benches/run.py); do not edit by hand. Every figure is from one",
        "run on the machine below, every language on the same inputs. Each item of the corpus is timed",
        "alone, as the best of a few rounds; the tables give the median item and the slowest item, in",
        "microseconds (lower is better). Ratios are the other's time over this row's (above 1: this row",
        "is faster), for the median and for the slowest. Compare figures from the same run only.",
        "",
        "## Machine",
        "",
        f"- CPU: {before['cpu']}, {before['cpus']} logical CPUs",
        f"- OS: {before['os']}",
        f"- load average (1/5/15 min): {fmt_load(before['load'])} before the run ({waited}); during it, the 1-minute",
        f"  average after each program ranged {min(loads):.2f} to {max(loads):.2f}; {fmt_load(after['load'])} after",
        f"- generated: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, in {seconds:.0f} s",
        "",
        "## Inputs",
        "",
        *corpus,
        "",
    ]
    for what in ("verify", "sign"):
        rows = [r for r in results if r["what"] == what]
        if not rows:
            continue
        lines += [f"## {what.capitalize()}", "",
                  "| language | implementation | input | items | median (us) | slowest (us) | vs plain PHP | "
                  "vs the obvious code of its language | peak RSS (MB) | program |",
                  "|---|---|---|---:|---:|---:|---:|---:|---:|---|"]
        order = list(LANGUAGE)
        rows.sort(key=lambda r: (order.index(r["impl"]) if r["impl"] in order else len(order), r["impl"]))
        for r in rows:
            # A verify row over part of the corpus is compared only with rows over the same part.
            plain = by.get((what, "plain-php", None if what == "sign" else r.get("input")))
            language = language_of(r)
            mine = OBVIOUS.get(language, "") + ("-read-all" if r["impl"].endswith("-read-all") else "")
            obvious = by.get((what, mine, r.get("input"))) or by.get((what, mine, None))
            lines.append(" | ".join([
                f"| {language}", (what == "sign" and SIGN_NAMES.get(r["impl"])) or NAMES.get(r["impl"], r["impl"]), r.get("input", "–"), str(r["n"]), f"{r['median_us']:.2f}",
                f"{r['slowest_us']:.2f}", pair(plain, r), "–" if obvious is None or obvious is r else pair(obvious, r),
                f"{r['peak_rss_kb'] / 1024:.1f}", f"{r['program']} |"]))
        lines.append("")
    lines += ["## Targets (issues 13 and 17)", "",
              "The ceiling is the same ratio for the row's floor (the least any implementation through that",
              "binding must do) where one was measured, else for the limit row (md5 and sha1, plus one",
              "validating pass when verifying): no implementation of that row can beat it on this machine.", "",
              "| target | median | slowest | met | ceiling (median / slowest) |", "|---|---:|---:|---|---:|"]
    for mine, against, floor, label in TARGETS:
        row = by.get(mine)
        ref = row if against == "self" else by.get(against)
        if row is None or ref is None:
            lines.append(f"| {label} | – | – | not measured in this run | – |")
            continue
        if against == "self":
            spread = row["slowest_us"] / row["median_us"]
            lines.append(f"| {label} | – | {spread:.2f}x the median | {'yes' if spread <= floor else 'no'} | – |")
            continue
        m, s = ratio(ref, row, "median_us"), ratio(ref, row, "slowest_us")
        shown = (lambda x: f"{1 / x:.2f}x the time") if floor < 1 else (lambda x: f"{x:.2f}x")
        met = "yes" if m >= floor and s >= floor else "no"
        limit = floor_of(results, mine) or by.get(CEILINGS.get(mine))
        ceiling = "–" if limit is None else pair(ref, limit)
        lines.append(f"| {label} | {shown(m)} | {shown(s)} | {met} | {ceiling} |")
    lines += ["", "## Programs", "", "| program | results | skipped |", "|---|---:|---|"]
    lines += [f"| {p} | {n} | {', '.join(s) or '–'} |" for p, n, s in programs]
    lines.append("")
    if load_out:
        lines += ["## Client requests per second against the sandbox", "",
                  "`paykassma-load --threads 8 --seconds 10` (`make bench-load`): the sandbox in one process, the",
                  "load from a second one over loopback; keep-alive connections are reused.", "", "```",
                  *[line for line in load_out.strip().splitlines() if not line.startswith("machine:")], "```", ""]
    out.write_text("\n".join(lines))


def language_of(row) -> str:
    if row["impl"] in LANGUAGE:
        return LANGUAGE[row["impl"]]
    return next((lang for folder, lang in PROGRAM_LANGUAGE.items() if row.get("program", "").startswith(folder)), "?")


def floor_of(results, key):
    """The floor row measured beside a target's row: same table, same program, same input."""
    row = next((r for r in results if (r["what"], r["impl"], r.get("input")) == key or
                (key[2] is None and (r["what"], r["impl"]) == key[:2])), None)
    if row is None:
        return None
    floor = next((r for r in results if r["impl"].startswith(FLOOR_PREFIX) and r["what"] == row["what"]
                  and r["program"] == row["program"] and r.get("input") == row.get("input")), None)
    limit = next((r for r in results if (r["what"], r["impl"]) == (row["what"], "limit")), None)
    if floor is None or NO_HASHING not in floor["impl"]:
        return floor
    if limit is None:
        return None
    # The slowest items of the two need not be the same one: the sum errs on the side of a lower ceiling.
    return {k: floor[k] + limit[k] for k in ("median_us", "slowest_us")}


def pair(reference, row) -> str:
    if reference is None:
        return "–"
    return f"{ratio(reference, row, 'median_us'):.2f}x / {ratio(reference, row, 'slowest_us'):.2f}x"


def describe_corpus():
    lines = []
    path = CORPUS / "postbacks.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    sizes = sorted(r["bytes"] for r in records)
    count = lambda k: sum(1 for r in records if r.get(k))  # noqa: E731
    lines.append(
        f"- `target/bench-corpus/postbacks.jsonl` (benches/corpus/postbacks.php, seeded): {len(records)} postbacks of "
        f"{sizes[0]:,} to {sizes[-1]:,} bytes (median {sizes[len(sizes) // 2]:,}), "
        f"{min(r['entries'] for r in records)} to {max(r['entries'] for r in records)} signed entries, "
        f"{min(r['rates'] for r in records)} to {max(r['rates'] for r in records)} rates; {count('pretty')} "
        f"pretty-printed, {sum(r['kind'] == 'withdrawal' for r in records)} withdrawals, {count('big_int')} with an "
        f"integer past 2^53, {count('tiny_float')} with a tiny float, {count('non_ascii')} with non-ASCII text, "
        "signed by PHP's own formula.")
    requests = CORPUS / "requests.jsonl"
    if requests.exists():
        n = len(requests.read_text().splitlines())
        lines.append(f"- `target/bench-corpus/requests.jsonl` (benches/corpus/requests.php): {n} withdrawal requests.")
    lines.append("- Verify programs read the first signed entry's amount after verifying, as a handler does.")
    return lines


if __name__ == "__main__":
    sys.exit(main())
