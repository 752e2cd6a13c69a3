#!/usr/bin/env bash
# sgemm GFLOPS of the Tensor core vs numpy, 1 and 2 threads. Needs numpy and threadpoolctl.
# To compare against numpy's bundled OpenBLAS fairly, run without the machine's
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides:
#   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bash bench/tensor/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product TensorBench >&2
python3 bench/tensor/compare.py "$(swift build -c release --show-bin-path)/TensorBench"
