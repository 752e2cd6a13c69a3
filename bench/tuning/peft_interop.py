"""Loads an slm-exported PEFT adapter onto Hugging Face's SmolLM2 (from the same GGUF) and
prints its greedy answers to the held-out prompts of notebooks/05-tune.slmnb, next to the
base model's. Usage: python3 peft_interop.py /tmp/slm-05-tune/peft"""
import os, sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
from peft import PeftModel

torch.set_num_threads(2)
models = os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models"))
gguf = "SmolLM2-135M-Instruct.Q4_1.gguf"
tokenizer = AutoTokenizer.from_pretrained(models, gguf_file=gguf)
base = AutoModelForCausalLM.from_pretrained(models, gguf_file=gguf, dtype=torch.float32)
tables = ["orders", "customers", "invoices", "products", "shipments", "payments", "suppliers", "employees"]
columns = ["id", "name", "total", "created_at", "status", "amount"]

def example(i):
    t = tables[(i * 5 + i // 8) % len(tables)]
    c = columns[(i * 7) % len(columns)]
    return f"Which table does this query read? Answer with the table name only.\nSELECT {c} FROM {t} WHERE id > {i}", t

def answer(model, question):
    # The slm chat template: SmolLM2's default system prompt, then the user turn.
    text = tokenizer.apply_chat_template([{"role": "user", "content": question}], tokenize=False, add_generation_prompt=True)
    ids = tokenizer(text, return_tensors="pt").input_ids
    out = model.generate(ids, max_new_tokens=8, do_sample=False)
    return tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True).strip()

prompts = [example(i) for i in range(1000, 1008)]
base_answers = [answer(base, q) for q, _ in prompts]
tuned = PeftModel.from_pretrained(base, sys.argv[1])
tuned.eval()
right = 0
for (q, expected), b in zip(prompts, base_answers):
    got = answer(tuned, q)
    right += got == expected
    print(f"expected {expected!r:14} base {b!r:30} peft {got!r}")
print(f"peft exact match: {right}/{len(prompts)}")
