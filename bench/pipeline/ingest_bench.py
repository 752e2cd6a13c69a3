"""Log store ingest benchmark: our importer against two Python sqlite3 loaders, same rows,
same schema, same run.

    swift build -c release --product slm-ingest-probe
    python3 bench/pipeline/ingest_bench.py [--n 100000] [--naive-rows 5000]

Prints calls/s for each and the ratios, by wall-clock time and by CPU time (user + system;
on a machine shared with other jobs the CPU figures are the steadier ones). The naive commit-per-row loader pays a journal
sync per call, so it runs on the first --naive-rows lines only (its rate does not depend
on how many rows it loads); the other two load all n.
"""
import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_loaders  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROBE = os.path.join(ROOT, ".build", "release", "slm-ingest-probe")


def schema_of(db_path):
    conn = sqlite3.connect(db_path)
    # Everything but FTS5's shadow tables (the virtual table creates those itself).
    rows = conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
                        " AND NOT (type = 'table' AND name LIKE 'calls\\_fts\\_%' ESCAPE '\\')"
                        " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid").fetchall()
    conn.close()
    return ";\n".join(r[0] for r in rows) + ";"


def count(db_path):
    """Calls stored, checked against the full-text index (the same triggers ran)."""
    conn = sqlite3.connect(db_path)
    n = conn.execute("SELECT count(*) FROM calls").fetchone()[0]
    indexed = conn.execute("SELECT count(*) FROM calls_fts WHERE calls_fts MATCH 'the OR select OR tables'").fetchone()[0]
    conn.close()
    return n, indexed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--naive-rows", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dir", default=None, help="work folder (default: a temporary one)")
    args = ap.parse_args()
    if not os.path.exists(PROBE):
        sys.exit(f"{PROBE} missing: run `swift build -c release --product slm-ingest-probe` first")
    work = args.dir or tempfile.mkdtemp(prefix="slm-ingest-bench-")
    os.makedirs(work, exist_ok=True)
    jsonl = os.path.join(work, "calls.jsonl")
    subprocess.run([PROBE, "--generate", jsonl, str(args.n), str(args.seed)], check=True, stdout=subprocess.DEVNULL)
    size_mb = os.path.getsize(jsonl) / 1e6

    def cpu(who):
        r = resource.getrusage(who)
        return r.ru_utime + r.ru_stime

    ours_db = os.path.join(work, "ours.db")
    t, c = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    subprocess.run([PROBE, ours_db, jsonl], check=True, stdout=subprocess.DEVNULL)
    ours_s, ours_cpu = time.perf_counter() - t, cpu(resource.RUSAGE_CHILDREN) - c
    ours_rate = args.n / ours_s

    schema = schema_of(ours_db)
    naive_db = os.path.join(work, "naive.db")
    python_loaders.create_schema(naive_db, schema)
    t, c = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    naive_lines = python_loaders.load_naive(naive_db, jsonl, args.naive_rows)
    naive_s, naive_cpu = time.perf_counter() - t, cpu(resource.RUSAGE_SELF) - c
    naive_rate = naive_lines / naive_s

    batched_db = os.path.join(work, "batched.db")
    python_loaders.create_schema(batched_db, schema)
    t, c = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    batched_lines = python_loaders.load_batched(batched_db, jsonl, args.n)
    batched_s, batched_cpu = time.perf_counter() - t, cpu(resource.RUSAGE_SELF) - c
    batched_rate = batched_lines / batched_s

    rows, indexed = count(ours_db)
    assert count(batched_db) == (rows, indexed), (count(batched_db), rows, indexed)
    assert indexed > rows // 2
    print(f"demo log: {args.n} calls, {size_mb:.0f} MB JSONL, {rows} distinct calls stored; sqlite {sqlite3.sqlite_version}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| loader | lines | wall s | calls/s (wall) | ours / it | CPU s | calls per CPU s | ours / it |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    ours_cpu_rate = args.n / ours_cpu
    for name, lines, wall, cpu_s in [("slm LogStore.importFile (Swift, 2 threads)", args.n, ours_s, ours_cpu),
                                     ("Python sqlite3, commit per row", naive_lines, naive_s, naive_cpu),
                                     ("Python sqlite3, executemany batched", batched_lines, batched_s, batched_cpu)]:
        rate, cpu_rate = lines / wall, lines / cpu_s
        print(f"| {name} | {lines} | {wall:.2f} | {rate:,.0f} | {ours_rate / rate:.2f}x | {cpu_s:.2f} | {cpu_rate:,.0f} |"
              f" {ours_cpu_rate / cpu_rate:.2f}x |")
    if args.dir is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
