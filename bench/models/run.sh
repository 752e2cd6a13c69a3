#!/usr/bin/env bash
# Inference speed of slm beside llama.cpp and PyTorch + transformers, same GGUF, same token
# ids, one run. Needs the model (bash scripts/setup-models.sh) and
# `pip install llama-cpp-python torch transformers gguf`.
set -euo pipefail
cd "$(dirname "$0")/../.."
model="${SLM_MODELS:-$HOME/.cache/slm/models}/SmolLM2-135M-Instruct.Q4_1.gguf"
swift build -c release --product ModelBench >/dev/null
results=$(mktemp)
.build/release/ModelBench "$model" | tee "$results"
python3 bench/models/llama_cpp_bench.py "$model" | tee -a "$results"
python3 bench/models/torch_bench.py "$model" 2>/dev/null | tee -a "$results"
python3 bench/models/compare.py "$results"
