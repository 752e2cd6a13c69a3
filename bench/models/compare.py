"""Puts slm's, llama.cpp's and PyTorch's inference figures side by side (input: JSON lines)."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
llama = {r["threads"]: r for r in rows if r["impl"] == "llama.cpp"}
torch = {r["threads"]: r for r in rows if r["impl"].startswith("PyTorch")}


def ratio(row, peers, key):
    peer = peers.get(row["threads"])
    return f"{row[key] / peer[key]:.2f}" if peer else "–"


print("| implementation | threads | prefill 512 tok/s | × llama.cpp | × PyTorch "
      "| decode 128 tok/s | × llama.cpp | decode % of copy bandwidth |")
print("|---|---|---|---|---|---|---|---|")
for r in sorted(rows, key=lambda r: r["threads"]):
    bandwidth = (f"{100 * r['decode_tok_s'] * r['weight_bytes_per_token'] / r['copy_bytes_s']:.0f} %"
                 if "copy_bytes_s" in r else "–")
    print(f"| {r['impl']} | {r['threads']} | {r['prefill_tok_s']:.0f} | {ratio(r, llama, 'prefill_tok_s')} "
          f"| {ratio(r, torch, 'prefill_tok_s')} | {r['decode_tok_s']:.1f} | {ratio(r, llama, 'decode_tok_s')} "
          f"| {bandwidth} |")
