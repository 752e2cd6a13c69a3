"""The Python peers of bench/clustering, run by run.sh on the same inputs:
    peer.py kmeans <data> <n> <d> <k>     scikit-learn KMeans(n_init=1), best of 5 seeds' times
    peer.py embed <sentences.txt> <batch> sentence-transformers on PyTorch, best of 3
Threads: 2 (OMP/MKL/torch), as our side.
"""
import os
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


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if sys.argv[1] == "kmeans":
        kmeans(sys.argv[2], *map(int, sys.argv[3:6]))
    else:
        embed(sys.argv[2], int(sys.argv[3]))
