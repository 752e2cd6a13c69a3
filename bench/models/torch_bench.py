"""PyTorch + transformers on the same GGUF and token ids as main.swift: prefill of 512
tokens (5 runs) and greedy decode of 128 after a 16-token prompt (3 runs), 1 and 2
threads; each rate is the median and the best of its runs. transformers loads the GGUF
with `gguf_file=` and dequantizes it to float32 (the way PyTorch users run it on a CPU).

Prefill is timed twice: `model(prompt)` computes the logits of all 512 positions (the tied
576 × 49152 head is ~20 % of the FLOPs), and `logits_to_keep=1` computes only the last
position's, as `generate()` does in its prefill and as slm does. Decode computes one
position's logits either way, so it is reported once. Prints one JSON object per line."""
import json
import os
import statistics
import sys
import time

import torch
from transformers import AutoModelForCausalLM

path = sys.argv[1]
model = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path),
                                             torch_dtype=torch.float32)
model.eval()
prompt512 = torch.tensor([[200 + (i * 7919) % 40000 for i in range(512)]])
prompt16 = prompt512[:, :16]
name = f"PyTorch {torch.__version__.split('+')[0]} + transformers (f32)"


def rates(runs, units, body):
    """(median, best) of units ÷ seconds over `runs` calls of body (which returns seconds)."""
    values = [units / body() for _ in range(runs)]
    return statistics.median(values), max(values)


def timed(body):
    start = time.perf_counter()
    body()
    return time.perf_counter() - start


def decode_128():
    out = model(prompt16, use_cache=True)
    past, logits = out.past_key_values, out.logits[:, -1]
    start = time.perf_counter()
    for _ in range(128):
        out = model(logits.argmax(-1, keepdim=True), past_key_values=past, use_cache=True)
        past, logits = out.past_key_values, out.logits[:, -1]
    return time.perf_counter() - start


with torch.inference_mode():
    for threads in (1, 2):
        torch.set_num_threads(threads)
        model(prompt16)  # warm-up: first-call allocations and kernel selection
        prefill_all = rates(5, 512, lambda: timed(lambda: model(prompt512, use_cache=True)))
        prefill_last = rates(5, 512, lambda: timed(lambda: model(prompt512, use_cache=True, logits_to_keep=1)))
        decode = rates(3, 128, decode_128)
        print(json.dumps({"impl": name, "threads": threads,
                          "prefill_tok_s": prefill_all[0], "prefill_best_tok_s": prefill_all[1],
                          "decode_tok_s": decode[0], "decode_best_tok_s": decode[1]}), flush=True)
        print(json.dumps({"impl": name.replace("(f32)", "(f32, logits_to_keep=1)"), "threads": threads,
                          "prefill_tok_s": prefill_last[0], "prefill_best_tok_s": prefill_last[1]}), flush=True)
