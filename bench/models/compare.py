"""Puts slm's and llama.cpp's inference figures side by side (input: JSON lines)."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
peer = {r["threads"]: r for r in rows if r["impl"] == "llama.cpp"}
print("| implementation | threads | prefill 512 tok/s | × llama.cpp | decode 128 tok/s | × llama.cpp | decode % of copy bandwidth |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    p = peer.get(r["threads"])
    ratio = lambda key: f"{r[key] / p[key]:.2f}" if p else "–"
    bandwidth = (f"{100 * r['decode_tok_s'] * r['weight_bytes_per_token'] / r['copy_bytes_s']:.0f} %"
                 if "copy_bytes_s" in r else "–")
    print(f"| {r['impl']} | {r['threads']} | {r['prefill_tok_s']:.0f} | {ratio('prefill_tok_s')} "
          f"| {r['decode_tok_s']:.1f} | {ratio('decode_tok_s')} | {bandwidth} |")
