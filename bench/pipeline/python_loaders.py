"""The two Python sqlite3 peers of the log store's import (bench/pipeline/ingest_bench.py).

Both do the same per-line work as `LogStore.importFile`: parse the JSON line, derive the
same columns (system prompt, last user prompt, output, tool calls, tool results, token
counts, cost, a 128-bit content hash, stored as 16 bytes), and insert into the same schema (copied from a store
our code created, so the same indexes and FTS5 triggers run).

- naive:   Python's sqlite3 defaults (rollback journal, synchronous=FULL), one INSERT and
           one COMMIT per call: how simple logging code writes.
- batched: WAL, synchronous=NORMAL, executemany over 2000-call transactions, duplicates
           skipped in memory by hash: a tuned Python loader.
"""
import hashlib
import json
import sqlite3

PRICES = [  # same list prices (USD per 1M tokens) as Sources/Pipeline/LogStore/ModelPricing.swift
    ("gpt-4o-mini", 0.15, 0.60), ("gpt-4o", 2.50, 10.00), ("gpt-4.1-nano", 0.10, 0.40),
    ("gpt-4.1-mini", 0.40, 1.60), ("gpt-4.1", 2.00, 8.00), ("o3-mini", 1.10, 4.40),
    ("o1-mini", 1.10, 4.40), ("o1", 15.00, 60.00), ("gpt-3.5-turbo", 0.50, 1.50),
    ("claude-3-5-haiku", 0.80, 4.00), ("claude-3-5-sonnet", 3.00, 15.00),
    ("claude-3-7-sonnet", 3.00, 15.00), ("claude-3-opus", 15.00, 75.00),
]


def cost(model, tin, tout):
    if not model or (tin is None and tout is None):
        return None
    m = model.lower()
    best = None
    for prefix, pin, pout in PRICES:
        if m.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, pin, pout)
    if best is None:
        return None
    return ((tin or 0) * best[1] + (tout or 0) * best[2]) / 1e6


def text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text") if isinstance(p, dict) else p for p in content]
        parts = [p for p in parts if isinstance(p, str)]
        return "\n".join(parts) if parts else None
    return None


def dumps(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def decode(line):
    """One JSONL line -> (call row without id, [tool call rows], [tool result rows])."""
    rec = json.loads(line)
    req = rec["request"]
    resp = rec.get("response")
    if isinstance(resp, dict) and isinstance(resp.get("body"), dict):
        resp = resp["body"]
    messages = req["messages"]
    err = rec.get("error")
    status = rec.get("status") or ("error" if err is not None or resp is None else "ok")
    output, tool_calls = None, []
    if resp:
        msg = resp["choices"][0]["message"]
        output = text(msg.get("content"))
        for tc in msg.get("tool_calls") or []:
            args = tc["function"].get("arguments", "{}")
            if not isinstance(args, str):
                args = dumps(args)
            try:
                json.loads(args)
                valid = 1
            except ValueError:
                valid = 0
            tool_calls.append((tc.get("id"), tc["function"]["name"], args, valid))
    usage = (resp or {}).get("usage") or {}
    tin, tout = usage.get("prompt_tokens"), usage.get("completion_tokens")
    model = req.get("model") or (resp or {}).get("model")
    tools = req.get("tools")
    system = next((text(m.get("content")) for m in messages if m.get("role") == "system"), None)
    prompt = next((text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), None)
    results = [(i, m.get("tool_call_id"), m.get("name"), text(m.get("content")) or "")
               for i, m in enumerate(messages) if m.get("role") == "tool"]
    if isinstance(err, dict):
        err = f"{err.get('type')}: {err.get('message')}" if err.get("type") else err.get("message")
    messages_json = dumps(messages)
    tools_json = dumps(tools) if tools is not None else None
    meta = rec.get("metadata")
    meta_json = dumps(meta) if meta is not None else None
    h = hashlib.blake2b(digest_size=16)
    for field in (rec["timestamp"], rec.get("trace_id"), rec.get("agent"), model, messages_json, tools_json, output,
                  *[x for tc in tool_calls for x in tc[:3]], status, err, str(rec.get("latency_ms")),
                  str(rec.get("ttft_ms")), str(tin), str(tout), meta_json):
        h.update((field or "").encode())
        h.update(b"\xff" if field is not None else b"\xfe")
    row = (rec["timestamp"], rec.get("trace_id"), rec.get("agent"), model, system, prompt, messages_json, tools_json,
           output, status, err, rec.get("latency_ms"), rec.get("ttft_ms"), tin, tout, cost(model, tin, tout),
           meta_json, h.digest())
    return row, tool_calls, results


INSERT_CALL = """INSERT INTO calls (timestamp, trace_id, agent, model, system_prompt, prompt, messages, tools, output,
    status, error, latency_ms, ttft_ms, input_tokens, output_tokens, cost_usd, metadata, content_hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


def create_schema(path, schema_sql):
    conn = sqlite3.connect(path)
    conn.executescript(schema_sql)
    conn.commit()
    conn.close()


def load_naive(db_path, jsonl_path, limit):
    """Commit per row, library defaults. Returns the number of lines read."""
    conn = sqlite3.connect(db_path)
    n = 0
    with open(jsonl_path, encoding="utf-8") as f:
        for line in f:
            if n >= limit:
                break
            n += 1
            row, tool_calls, results = decode(line)
            cur = conn.execute(INSERT_CALL + " ON CONFLICT(content_hash) DO NOTHING", row)
            if cur.rowcount == 1:
                call_id = cur.lastrowid
                for pos, tc in enumerate(tool_calls):
                    conn.execute("INSERT INTO tool_calls (call_id, position, tool_call_id, name, arguments, arguments_valid)"
                                 " VALUES (?, ?, ?, ?, ?, ?)", (call_id, pos, *tc))
                for r in results:
                    conn.execute("INSERT INTO tool_results (call_id, position, tool_call_id, name, content)"
                                 " VALUES (?, ?, ?, ?, ?)", (call_id, *r))
            conn.commit()
    conn.close()
    return n


def load_batched(db_path, jsonl_path, limit, batch=2000):
    """executemany in large transactions, WAL. Returns the number of lines read."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    seen = {r[0] for r in conn.execute("SELECT content_hash FROM calls")}
    next_id = (conn.execute("SELECT max(id) FROM calls").fetchone()[0] or 0) + 1
    calls, tcs, trs = [], [], []
    n = 0

    def flush():
        conn.executemany("INSERT INTO calls (id, timestamp, trace_id, agent, model, system_prompt, prompt, messages, tools,"
                         " output, status, error, latency_ms, ttft_ms, input_tokens, output_tokens, cost_usd, metadata,"
                         " content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", calls)
        conn.executemany("INSERT INTO tool_calls (call_id, position, tool_call_id, name, arguments, arguments_valid)"
                         " VALUES (?, ?, ?, ?, ?, ?)", tcs)
        conn.executemany("INSERT INTO tool_results (call_id, position, tool_call_id, name, content)"
                         " VALUES (?, ?, ?, ?, ?)", trs)
        conn.commit()
        calls.clear(); tcs.clear(); trs.clear()

    with open(jsonl_path, encoding="utf-8") as f:
        for line in f:
            if n >= limit:
                break
            n += 1
            row, tool_calls, results = decode(line)
            if row[-1] in seen:
                continue
            seen.add(row[-1])
            calls.append((next_id, *row))
            tcs.extend((next_id, pos, *tc) for pos, tc in enumerate(tool_calls))
            trs.extend((next_id, *r) for r in results)
            next_id += 1
            if len(calls) >= batch:
                flush()
    flush()
    conn.close()
    return n
