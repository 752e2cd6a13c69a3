"""PyTorch + transformers on the same GGUF and token ids as main.swift: prefill of 512
tokens and greedy decode of 128 after a 16-token prompt, 1 and 2 threads. transformers
loads the GGUF with `gguf_file=` and dequantizes it to float32 (the way PyTorch users run
it on a CPU). Prints one JSON object per line."""
import json
import os
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

with torch.inference_mode():
    for threads in (1, 2):
        torch.set_num_threads(threads)
        model(prompt16)  # warm-up: first-call allocations and kernel selection
        prefill = []
        for _ in range(3):
            start = time.perf_counter()
            model(prompt512, use_cache=True)
            prefill.append(time.perf_counter() - start)
        decode = []
        for _ in range(2):
            out = model(prompt16, use_cache=True)
            past, logits = out.past_key_values, out.logits[:, -1]
            start = time.perf_counter()
            for _ in range(128):
                out = model(logits.argmax(-1, keepdim=True), past_key_values=past, use_cache=True)
                past, logits = out.past_key_values, out.logits[:, -1]
            decode.append(time.perf_counter() - start)
        print(json.dumps({"impl": f"PyTorch {torch.__version__.split('+')[0]} + transformers (f32)",
                          "threads": threads, "prefill_tok_s": 512 / min(prefill),
                          "decode_tok_s": 128 / min(decode)}), flush=True)
