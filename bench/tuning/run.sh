#!/bin/sh
# LoRA training speed and peak RSS: slm vs PyTorch + PEFT, side by side.
# Needs: swift build -c release --product slm; pip install torch transformers peft gguf.
set -e
cd "$(dirname "$0")/../.."
echo "== slm"
/usr/bin/time -v .build/release/slm run bench/tuning/lora_speed.slm 2>&1 | grep -E "tokens|steps|Maximum resident"
echo "== pytorch + peft"
/usr/bin/time -v python3 bench/tuning/peft_train.py 2>&1 | grep -E "tokens/s|Maximum resident"
