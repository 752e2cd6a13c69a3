#!/usr/bin/env python3
"""Runs each bench/lang program in slm (release build) and in CPython side by side, takes
the best of several runs, prints the ratios and writes them to BENCHMARKS.md under
'## Interpreter'. Times are CPU seconds (user + system) of the child process, start-up
included: the build machine is shared, and CPU time is far less noisy than wall time there.

    python3 bench/lang/run.py            # builds `slm` in release first
    python3 bench/lang/run.py --runs 5 --no-build
"""
import argparse
import os
import platform
import re
import resource
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SLM = os.path.join(ROOT, ".build", "release", "slm")
PROGRAMS = [
    ("fib", "recursive fib(27)"),
    ("loop", "10M-iteration integer loop"),
    ("sort", "build + sort a 100k list"),
    ("strings", "string interpolation, 300k"),
    ("records", "record field access, 2M"),
]


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best_time(cmd, runs):
    best, output = None, None
    for _ in range(runs):
        start = cpu_seconds()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        elapsed = cpu_seconds() - start
        if output is not None and out != output:
            sys.exit(f"{cmd}: output changed between runs")
        output = out
        best = elapsed if best is None else min(best, elapsed)
    return best, output


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "slm"], cwd=ROOT, check=True)
    rows = []
    for name, what in PROGRAMS:
        slm_t, slm_out = best_time([SLM, "run", os.path.join(HERE, name + ".slm")], args.runs)
        py_t, py_out = best_time([sys.executable, os.path.join(HERE, name + ".py")], args.runs)
        if slm_out != py_out:
            sys.exit(f"{name}: slm printed {slm_out!r}, Python printed {py_out!r}")
        rows.append((name, what, slm_t, py_t))
        print(f"{name:8} slm {slm_t:6.3f}s  python {py_t:6.3f}s  slm/python {slm_t / py_t:5.2f}", flush=True)

    lines = [
        "## Interpreter",
        "",
        "Same program in slm and CPython; CPU seconds (user + system) of the whole process, "
        f"start-up included, best of {args.runs} runs (below 1.0 slm is faster). CPU time "
        "because the machine is shared with other builds; wall time there is noise.",
        f"Python {platform.python_version()}, {os.cpu_count()} cores. Reproduce: `python3 bench/lang/run.py`.",
        "",
        "| benchmark | what | slm (s) | CPython (s) | slm / CPython |",
        "|---|---|---:|---:|---:|",
    ]
    for name, what, s, p in rows:
        lines.append(f"| {name} | {what} | {s:.3f} | {p:.3f} | {s / p:.2f} |")
    slower = [name for name, _, s, p in rows if s > p]
    lines += [
        "",
        "What makes it fast: the tree is compiled once into Swift closures with every name "
        "resolved to a frame slot (no dictionary look-up per variable); closures are never "
        "stored bare in arrays or optionals (that adds two re-abstraction thunks per call); "
        "common shapes are fused into one closure (`n < 2`, `n - 1`, `f(x)` with `f` global, "
        "`return n`); int arithmetic and comparisons have inline fast paths with overflow "
        "checks; record fields use a per-site shape cache; control flow is a frame flag, not "
        "a Swift throw; frames are one allocation and are reused through a per-function free "
        "list; functions that read no enclosing variables keep no parent link; one-argument "
        "built-ins skip the argument list; dynamic exclusivity checks are off for Lang.",
    ]
    if slower:
        lines += [
            "",
            "Not at parity yet: " + ", ".join(slower) + ". Calls are the cost: callgrind counts "
            "about 870 instructions per slm call of fib against about 530 for CPython 3.11, "
            "some 40% of them reference counting (frames, function values, closure contexts).",
        ]
    lines.append("")
    section = "\n".join(lines)
    path = os.path.join(ROOT, "BENCHMARKS.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
    pattern = re.compile(r"## Interpreter\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(lambda _: section.rstrip("\n") + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    open(path, "w").write(text)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
