"""The Python peers of bench/clustering, run by run.sh on the same inputs:
    peer.py kmeans <data> <n> <d> <k>     scikit-learn KMeans(n_init=1), best of 5 seeds' times
    peer.py embed <sentences.txt> <batch> sentence-transformers on PyTorch, best of 3
    peer.py quality <demo.jsonl>...       the combined view (system | prompt | signature) with
                                          sentence-transformers + scikit-learn k-means/HDBSCAN:
                                          a check of ClusteringBench quality, and the place to
                                          try representation ideas quickly
Threads: 2 (OMP/MKL/torch), as our side.
"""
import json
import os
import re
import sys
import time

import numpy as np


def kmeans(path, n, d, k):
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from threadpoolctl import threadpool_limits
    x = np.fromfile(path, dtype=np.float32).reshape(n, d)
    truth = np.fromfile(path + ".labels", dtype=np.int32)
    best, ari = float("inf"), 0.0
    with threadpool_limits(limits=2):
        for seed in range(5):
            start = time.perf_counter()
            model = KMeans(n_clusters=k, n_init=1, random_state=seed).fit(x)
            best = min(best, time.perf_counter() - start)
            ari = adjusted_rand_score(truth, model.labels_)
    print(f"sklearn_kmeans_seconds {best:.4f} ari {ari:.4f} iterations {model.n_iter_}")


def embed(path, batch):
    import torch
    from sentence_transformers import SentenceTransformer
    torch.set_num_threads(2)
    sentences = open(path, encoding="utf-8").read().split("\n")
    sentences = [s for s in sentences if s]
    folder = os.path.expanduser(os.environ.get("SLM_MODELS", "~/.cache/slm/models")) + "/all-MiniLM-L6-v2"
    model = SentenceTransformer(folder, device="cpu")
    model.encode(sentences[:64], batch_size=batch)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        model.encode(sentences, batch_size=batch, normalize_embeddings=True)
        best = min(best, time.perf_counter() - start)
    print(f"st_sentences_per_second {len(sentences) / best:.1f} ({len(sentences)} sentences, {best:.3f} s, torch {torch.__version__})")


# The signature as TaskCall.signature / ContentKind write it (Sources/Pipeline/Clustering).
SCHEMA = re.compile(r"(?i)(CREATE|ALTER|DROP)\s+(TEMP\w*\s+|UNIQUE\s+)?(TABLE|VIEW|INDEX|TRIGGER)\b")
QUERY = re.compile(r"(SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS)\b")
SELECT_FROM = re.compile(r"(?i)select\b.*\bfrom\b")
LABEL = re.compile(r"[A-Za-z][\w ]{0,29}:\s*")
LIST_ITEM = re.compile(r"([-*•]|\d+[.)])\s+\S")
ERROR = re.compile(r"(?i)\b(error|exception|traceback)\b")


def shape(v, depth=0):
    if depth >= 6: return "..."
    if v is None: return "null"
    if isinstance(v, bool): return "boolean"
    if isinstance(v, (int, float)): return "number"
    if isinstance(v, str): return "string"
    if isinstance(v, list): return "[" + (shape(v[0], depth + 1) if v else "") + "]"
    return "{" + ", ".join(f"{k}: {shape(x, depth + 1)}" for k, x in v.items()) + "}"


def is_query(line, labelled):
    opens = lambda s: QUERY.match(s) or SELECT_FROM.match(s)
    if opens(line): return True
    m = LABEL.match(line) if labelled else None
    return bool(m and opens(line[m.end():]))


def content_kind(text):
    t = text.strip()
    if not t: return "empty"
    if t[0] in "{[":
        try: return "JSON " + shape(json.loads(t))
        except ValueError: pass
    if t.startswith("```"): return "SQL" if t[3:].split("\n", 1)[0].strip().lower() == "sql" else "code"
    first = t.split("\n", 1)[0]
    return "SQL" if SCHEMA.match(first) or is_query(first, False) else "text"


def input_kinds(prompt):
    kinds, fence = set(), False
    for line in (x.strip() for x in prompt.splitlines()):
        if not line: continue
        if line.startswith("```"):
            if not fence: kinds.add("SQL query" if line[3:].strip().lower() == "sql" else "code")
            fence = not fence
            continue
        if fence: continue
        if SCHEMA.match(line): kinds.add("SQL schema"); continue
        if is_query(line, True): kinds.add("SQL query"); continue
        if line[0] in "{[":
            try: json.loads(line); kinds.add("JSON"); continue
            except ValueError: pass
        if LIST_ITEM.match(line): kinds.add("list"); continue
        if ERROR.search(line): kinds.add("error message")
        if re.search(r"[A-Za-z]{3}", line): kinds.add("text")
    return sorted(kinds)


def action(output, tools):
    kinds = {content_kind(output)} if (output or "").strip() else set()
    for _, args in tools:
        try: v = json.loads(args)
        except ValueError: kinds.add("invalid arguments"); continue
        strings = [x for x in v.values() if isinstance(x, str)] if isinstance(v, dict) else []
        kinds.add(content_kind(max(strings, key=len)) if strings else "JSON " + shape(v))
    names = " ".join(sorted({n for n, _ in tools})) or "none"
    return f"output: {', '.join(sorted(kinds)) or 'none'}; tools: {names}"


def text_of(content):
    if isinstance(content, str): return content
    if isinstance(content, list):
        parts = [p.get("text") if isinstance(p, dict) else p for p in content]
        parts = [p for p in parts if isinstance(p, str)]
        return "\n".join(parts) if parts else None
    return None


def demo_calls(path):
    calls = []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        messages = r["request"]["messages"]
        system = next((text_of(m.get("content")) for m in messages if m["role"] == "system"), None) or ""
        users = [m for m in messages if m["role"] == "user"]
        prompt = (text_of(users[-1].get("content")) if users else None) or ""
        output, tools = None, []
        if r.get("response"):
            message = r["response"]["choices"][0]["message"]
            output = message.get("content")
            tools = [(t["function"]["name"], t["function"]["arguments"]) for t in message.get("tool_calls") or []]
        calls.append(dict(system=system, prompt=prompt, output=output, tools=tools,
                          truth=r["metadata"]["hidden"]["component"]))
    return calls


def quality(paths):
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import HDBSCAN, KMeans
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score
    folder = os.path.expanduser(os.environ.get("SLM_MODELS", "~/.cache/slm/models")) + "/all-MiniLM-L6-v2"
    model = SentenceTransformer(folder, device="cpu")
    embed = lambda texts: model.encode(texts, batch_size=32, normalize_embeddings=True)
    for path in paths:
        calls = demo_calls(path)
        truth = [c["truth"] for c in calls]
        system, prompt = embed([c["system"] for c in calls]), embed([c["prompt"] for c in calls])
        acts = [action(c["output"], c["tools"]) for c in calls]
        acted = [i for i, c in enumerate(calls) if c["tools"] or (c["output"] or "").strip()]
        asked = np.hstack([system, prompt])
        for i in set(range(len(calls))) - set(acted):
            acts[i] = acts[min(acted, key=lambda j: float(((asked[j] - asked[i]) ** 2).sum()))]
        signature = embed([f"input: {', '.join(input_kinds(c['prompt'])) or 'none'}; {a}" for c, a in zip(calls, acts)])
        x = np.hstack([system, prompt, signature]) / np.sqrt(3)
        best = max((KMeans(k, n_init=4, random_state=1).fit(x) for k in range(2, 13)),
                   key=lambda m: silhouette_score(x, m.labels_))
        density = HDBSCAN(min_cluster_size=max(5, len(calls) // 100)).fit(x).labels_
        for name, labels in (("kmeans", best.labels_), ("density", density)):
            print(f"{path} combined {name}: k {len(set(labels) - {-1})} noise {int((labels < 0).sum())} "
                  f"ARI {adjusted_rand_score(truth, labels):.3f} NMI {normalized_mutual_info_score(truth, labels):.3f}")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if sys.argv[1] == "kmeans":
        kmeans(sys.argv[2], *map(int, sys.argv[3:6]))
    elif sys.argv[1] == "quality":
        quality(sys.argv[2:])
    else:
        embed(sys.argv[2], int(sys.argv[3]))
