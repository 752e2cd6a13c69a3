#!/usr/bin/env bash
# Tokenizer speed, side by side in one run: our Swift tokenizers against HF tokenizers (Rust,
# PyPI) on the same corpus, one thread, line by line: SmolLM2's BPE (same GGUF vocabulary)
# and MiniLM's WordPiece (same tokenizer.json).
# Needs the model (bash scripts/setup-models.sh) and `pip install tokenizers gguf`.
# Usage: bash bench/tokenizer/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out="bench/out"
mkdir -p "$out"
python3 bench/tokenizer/corpus.py > "$out/tokenizer-corpus.txt"
swift build -c release --product TokenizerBench >&2
ours="$(.build/release/TokenizerBench "$out/tokenizer-corpus.txt" 5)"
peer="$(python3 bench/tokenizer/peer.py "$out/tokenizer-corpus.txt" 5)"
python3 - "$ours" "$peer" <<'PY'
import json, sys
ours, peer = json.loads(sys.argv[1]), json.loads(sys.argv[2])
mb = ours["bytes"] / 1e6
print(f"corpus: {ours['bytes']} bytes, {ours['lines']} lines, {ours['tokens']} tokens (HF: {peer['tokens']})")
assert ours["digest"] == peer["digest"], "the two tokenizers disagree on this corpus"
print("token ids identical (FNV-1a digest of all ids matches)")
print(f"{'':22}{'load s':>9}{'encode s':>10}{'MB/s':>8}{'Mtok/s':>8}")
for name, r in (("slm (Swift)", ours), ("HF tokenizers (Rust)", peer)):
    print(f"{name:22}{r['load_s']:9.3f}{r['encode_s']:10.3f}{mb / r['encode_s']:8.2f}{r['tokens'] / r['encode_s'] / 1e6:8.2f}")
print(f"encode speed ratio slm / HF: {peer['encode_s'] / ours['encode_s']:.2f}x")
print("(load: ours parses the GGUF and builds the merge table; HF's includes the Python gguf reader)")
assert ours["wordpiece_digest"] == peer["wordpiece_digest"], "the WordPiece tokenizers disagree on this corpus"
print(f"WordPiece (MiniLM), ids identical: slm {ours['wordpiece_s']:.3f} s ({mb / ours['wordpiece_s']:.2f} MB/s), "
      f"HF {peer['wordpiece_s']:.3f} s ({mb / peer['wordpiece_s']:.2f} MB/s), ratio {peer['wordpiece_s'] / ours['wordpiece_s']:.2f}x")
PY
