"""Loads an slm-exported PEFT adapter onto Hugging Face's SmolLM2 (from the same GGUF) and
compares its greedy answers on held-out calls of notebooks/05-tune.slmnb's task (the demo
agent's table-extractor calls) with slm's answers with the same adapter and with the
logged answers. Usage: python3 peft_interop.py PEFT_DIR [N_PROMPTS] [SLM_BINARY]
(PEFT_DIR: for example /tmp/slm-05-tune/peft after running the notebook)."""
import json
import os
import subprocess
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
from peft import PeftModel

from held_out_calls import held_out_program

peft_dir = os.path.abspath(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 8
slm = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "../../.build/release/slm")
MAX_TOKENS = 24

program = held_out_program(count, peft_dir, "/tmp/slm-peft-interop-demo.jsonl") + f"""
for c in test {{ print(to_json({{messages: c.messages, expected: c.output, slm: chat(tuned, c.messages, max_tokens: {MAX_TOKENS})}})) }}
"""
run = subprocess.run([slm, "run", "-"], input=program, capture_output=True, text=True, check=False)
if run.returncode != 0:
    sys.exit(f"slm failed:\n{run.stderr}{run.stdout}")
cases = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]

torch.set_num_threads(2)
models = os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models"))
gguf = "SmolLM2-135M-Instruct.Q4_1.gguf"
tokenizer = AutoTokenizer.from_pretrained(models, gguf_file=gguf)
base = AutoModelForCausalLM.from_pretrained(models, gguf_file=gguf, dtype=torch.float32)


def answer(model, messages):
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    ids = tokenizer(text, return_tensors="pt").input_ids
    out = model.generate(ids, max_new_tokens=MAX_TOKENS, do_sample=False)
    return tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True).strip()


base_answers = [answer(base, c["messages"]) for c in cases]
tuned = PeftModel.from_pretrained(base, peft_dir)
tuned.eval()
right = same = base_right = 0
for c, b in zip(cases, base_answers):
    got = answer(tuned, c["messages"])
    right += got == c["expected"]
    same += got == c["slm"].strip()
    base_right += b == c["expected"]
    print(json.dumps({"expected": c["expected"], "base": b[:40], "peft": got, "slm": c["slm"]}))
print(f"PEFT on HF: exact match {right}/{len(cases)} (bare HF model {base_right}/{len(cases)}); same answer as slm with the adapter on {same}/{len(cases)}")
