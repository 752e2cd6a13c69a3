"""Log store ingest benchmark: our importer against two Python sqlite3 loaders, same rows,
same schema, same run.

    swift build -c release --product slm-ingest-probe
    python3 bench/pipeline/ingest_bench.py [--n 100000] [--naive-rows 5000]

Prints calls/s for each and the ratios. The naive commit-per-row loader pays a journal
sync per call, so it runs on the first --naive-rows lines only (its rate does not depend
on how many rows it loads); the other two load all n.
"""
import argparse
import os
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

    ours_db = os.path.join(work, "ours.db")
    t = time.perf_counter()
    subprocess.run([PROBE, ours_db, jsonl], check=True, stdout=subprocess.DEVNULL)
    ours_s = time.perf_counter() - t
    ours_rate = args.n / ours_s

    schema = schema_of(ours_db)
    naive_db = os.path.join(work, "naive.db")
    python_loaders.create_schema(naive_db, schema)
    t = time.perf_counter()
    naive_lines = python_loaders.load_naive(naive_db, jsonl, args.naive_rows)
    naive_s = time.perf_counter() - t
    naive_rate = naive_lines / naive_s

    batched_db = os.path.join(work, "batched.db")
    python_loaders.create_schema(batched_db, schema)
    t = time.perf_counter()
    batched_lines = python_loaders.load_batched(batched_db, jsonl, args.n)
    batched_s = time.perf_counter() - t
    batched_rate = batched_lines / batched_s

    rows, indexed = count(ours_db)
    assert count(batched_db) == (rows, indexed), (count(batched_db), rows, indexed)
    assert indexed > rows // 2
    print(f"demo log: {args.n} calls, {size_mb:.0f} MB JSONL, {rows} distinct calls stored; sqlite {sqlite3.sqlite_version}")
    print("| loader | lines | seconds | calls/s | ours / it |")
    print("|---|---:|---:|---:|---:|")
    print(f"| slm LogStore.importFile (Swift) | {args.n} | {ours_s:.2f} | {ours_rate:,.0f} | 1.00 |")
    print(f"| Python sqlite3, commit per row | {naive_lines} | {naive_s:.2f} | {naive_rate:,.0f} | {ours_rate / naive_rate:.1f}x |")
    print(f"| Python sqlite3, executemany batched | {batched_lines} | {batched_s:.2f} | {batched_rate:,.0f} | {ours_rate / batched_rate:.2f}x |")
    if args.dir is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
