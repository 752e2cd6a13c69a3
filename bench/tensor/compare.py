"""sgemm GFLOPS: the Tensor core (TensorBench) beside numpy's matmul, same shapes, same run.

Run through bench/tensor/run.sh, which builds TensorBench in release first.
"""
import json
import subprocess
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

SHAPES = [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
          (512, 576, 576), (512, 576, 1536), (512, 1536, 576), (128, 576, 49152), (100, 333, 257)]


def numpy_gflops(m, k, n):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    a @ b
    start = time.perf_counter()
    a @ b
    once = time.perf_counter() - start
    repeats = max(5, min(200, int(0.4 / max(once, 1e-6))))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * m * k * n / sorted(times)[repeats // 2] / 1e9


def main():
    binary = sys.argv[1]
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    print(f"numpy {np.__version__}, its OpenBLAS: "
          + ", ".join(f"{i.get('version')} ({i.get('architecture')})" for i in blas))
    header = f"{'threads':>7} {'M x K x N':>18} {'numpy':>8} {'cblas':>8} {'matmul':>8} {'linear':>8} " \
             f"{'matmul/numpy':>12} {'matmul/cblas':>12} {'linear/cblas':>12}"
    print(header)
    for threads in (1, 2):
        spec = [f"{m},{k},{n}" for m, k, n in SHAPES]
        out = subprocess.run([binary, "--threads", str(threads), *spec], check=True, capture_output=True, text=True)
        sys.stderr.write(out.stderr)
        ours = {}
        for line in out.stdout.splitlines():
            r = json.loads(line)
            ours[(r["m"], r["k"], r["n"], r["path"])] = r["gflops"]
        with threadpool_limits(limits=threads, user_api="blas"):
            for m, k, n in SHAPES:
                peer = numpy_gflops(m, k, n)
                direct, matmul, linear = (ours[(m, k, n, p)] for p in ("cblas_sgemm", "Tensor.matmul", "Tensor.linear"))
                print(f"{threads:>7} {f'{m} x {k} x {n}':>18} {peer:8.1f} {direct:8.1f} {matmul:8.1f} {linear:8.1f} "
                      f"{matmul / peer:12.2f} {matmul / direct:12.2f} {linear / direct:12.2f}")


if __name__ == "__main__":
    main()
