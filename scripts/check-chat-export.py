"""Checks a chat JSONL export the way the fine-tuning tools read it (offline).

1. Hugging Face `datasets.load_dataset("json", ...)` loads it (TRL's SFTTrainer reads
   datasets; Arrow must find one schema for all lines).
2. Every line is TRL's conversational format: `messages` with roles system / user /
   assistant / tool and string content, the last message from the assistant, tool calls
   as {"type": "function", "function": {"name", "arguments": {...}}}, `tools` a list of
   {"type": "function", "function": {...}} schemas.
3. transformers renders every example through a chat template with `tools=` (what TRL and
   mlx-lm's ChatDataset call: `apply_chat_template(messages, tools=tools)`), using the
   chat template of SmolLM2-135M-Instruct recorded in Tests/ModelsTests/Fixtures.
  usage: python3 scripts/check-chat-export.py export.jsonl
"""
import json
import sys
from pathlib import Path

from datasets import load_dataset
from transformers.utils.chat_template_utils import render_jinja_template

path = sys.argv[1]
rows = [json.loads(line) for line in open(path, encoding="utf-8")]
ds = load_dataset("json", data_files=path, split="train")
assert len(ds) == len(rows), (len(ds), len(rows))

for n, row in enumerate(rows, 1):
    assert set(row) == {"messages", "tools"}, (n, set(row))
    msgs = row["messages"]
    assert msgs and msgs[-1]["role"] == "assistant", n
    for m in msgs:
        assert m["role"] in ("system", "user", "assistant", "tool"), (n, m["role"])
        assert isinstance(m["content"], str), n
        for tc in m.get("tool_calls", []):
            assert tc["type"] == "function" and isinstance(tc["function"]["name"], str), n
            assert isinstance(tc["function"]["arguments"], dict), (n, tc)
    for t in row["tools"]:
        assert t["type"] == "function" and "name" in t["function"], n

template = json.load(open(Path(__file__).parent.parent / "Tests/ModelsTests/Fixtures/smollm2-chat.json"))["template"]
tool_calls = 0
for row in rows:
    rendered, _ = render_jinja_template(conversations=[row["messages"]], tools=row["tools"] or None, chat_template=template)
    assert rendered[0].strip(), "empty rendering"
    tool_calls += sum(len(m.get("tool_calls", [])) for m in row["messages"])
print(f"{path}: {len(rows)} examples load with datasets ({len(ds.column_names)} columns), "
      f"match TRL's conversational schema ({tool_calls} tool calls with object arguments) and render through the chat template")
