"""HF tokenizers (Rust) on the same corpus: the peer for bench/tokenizer/run.sh.
SmolLM2's BPE built like scripts/tokenizer-fixture.py from the same GGUF, and MiniLM's
WordPiece from its tokenizer.json; encodes line by line on one thread (encode, not
encode_batch, to match our per-call use). Prints JSON."""
import json
import os
import sys
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")
import importlib.util

spec = importlib.util.spec_from_file_location(
    "fixture", os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "tokenizer-fixture.py"))
fixture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixture)

corpus_path, repeats = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
gguf = os.path.join(os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models")),
                    "SmolLM2-135M-Instruct.Q4_1.gguf")
start = time.perf_counter()
tokenizer = fixture.build_tokenizer(gguf)
load = time.perf_counter() - start
lines = open(corpus_path, encoding="utf-8", newline="").read().split("\n")
best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    count = sum(len(tokenizer.encode(line, add_special_tokens=False).ids) for line in lines)
    best = min(best, time.perf_counter() - start)

digest = 0xCBF29CE484222325
for line in lines:
    for i in tokenizer.encode(line, add_special_tokens=False).ids:
        digest = ((digest ^ i) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
from tokenizers import Tokenizer
wordpiece = Tokenizer.from_file(os.path.join(
    os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models")), "all-MiniLM-L6-v2", "tokenizer.json"))
wordpiece.no_padding()
wordpiece.enable_truncation(max_length=256)
wordpiece_best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    for line in lines:
        wordpiece.encode(line)
    wordpiece_best = min(wordpiece_best, time.perf_counter() - start)
wordpiece_digest = 0xCBF29CE484222325
for line in lines:
    for i in wordpiece.encode(line).ids:
        wordpiece_digest = ((wordpiece_digest ^ i) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
print(json.dumps({"load_s": load, "encode_s": best, "tokens": count, "digest": digest,
                  "wordpiece_s": wordpiece_best, "wordpiece_digest": wordpiece_digest}))
