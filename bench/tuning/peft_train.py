"""PyTorch + PEFT LoRA training speed on CPU, the peer of lora_speed.slm: SmolLM2-135M
loaded from the same GGUF (dequantized to f32), r 8 / alpha 16 on q/k/v/o, batches of
4 x 128 tokens, 2 threads, AdamW lr 2e-4. Prints tokens/s over the timed steps."""
import os, sys, time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch
from transformers import AutoModelForCausalLM
from peft import LoraConfig, get_peft_model

torch.set_num_threads(2)
torch.manual_seed(0)
models = os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models"))
model = AutoModelForCausalLM.from_pretrained(models, gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", dtype=torch.float32)
model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]))
model.train()
optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=2e-4)
batch, steps, timed = 4, 128, int(sys.argv[1]) if len(sys.argv) > 1 else 5
ids = torch.randint(0, 49152, (batch, steps), generator=torch.Generator().manual_seed(0))
labels = ids.clone()
labels[:, : steps - 16] = -100  # loss on the last 16 tokens (the answer), as in the slm run
for step in range(timed + 1):
    if step == 1:
        start = time.perf_counter()  # step 0 warms up
    loss = model(input_ids=ids, labels=labels).loss
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
seconds = time.perf_counter() - start
print(f"pytorch+peft tokens/s: {timed * batch * steps / seconds:.1f} ({timed} steps in {seconds:.1f} s)")
