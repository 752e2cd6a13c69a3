"""Puts slm's, llama.cpp's and PyTorch's inference figures side by side (input: JSON lines).
Each cell is the median of the runs, the best in parentheses; ratios are median ÷ median
(best ÷ best)."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
llama = {r["threads"]: r for r in rows if r["impl"] == "llama.cpp"}
torch_all = {r["threads"]: r for r in rows if r["impl"].startswith("PyTorch") and "logits_to_keep" not in r["impl"]}
torch_last = {r["threads"]: r for r in rows if r["impl"].startswith("PyTorch") and "logits_to_keep" in r["impl"]}


def rate(row, key, digits):
    if key not in row:
        return "–"
    return f"{row[key]:.{digits}f} ({row[key.replace('_tok_s', '_best_tok_s')]:.{digits}f})"


def ratio(row, peers, key):
    peer = peers.get(row["threads"])
    if not peer or key not in row or key not in peer:
        return "–"
    best = key.replace("_tok_s", "_best_tok_s")
    return f"{row[key] / peer[key]:.2f} ({row[best] / peer[best]:.2f})"


def bandwidth(row):
    if "copy_bytes_s" not in row:
        return "–"
    share = lambda key: 100 * row[key] * row["weight_bytes_per_token"] / row["copy_bytes_s"]
    return f"{share('decode_tok_s'):.0f} % ({share('decode_best_tok_s'):.0f} %)"


print("| implementation | threads | prefill 512 tok/s | × llama.cpp | × PyTorch (all logits) "
      "| × PyTorch (last logit) | decode 128 tok/s | × llama.cpp | decode % of copy bandwidth |")
print("|---|---|---|---|---|---|---|---|---|")
for r in sorted(rows, key=lambda r: r["threads"]):
    print(f"| {r['impl']} | {r['threads']} | {rate(r, 'prefill_tok_s', 0)} | {ratio(r, llama, 'prefill_tok_s')} "
          f"| {ratio(r, torch_all, 'prefill_tok_s')} | {ratio(r, torch_last, 'prefill_tok_s')} "
          f"| {rate(r, 'decode_tok_s', 1)} | {ratio(r, llama, 'decode_tok_s')} | {bandwidth(r)} |")
