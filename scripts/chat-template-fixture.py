#!/usr/bin/env python3
"""Records renderings of the GGUF's own Jinja chat template (jinja2, as transformers'
apply_chat_template runs it) into a test fixture, so the native ChatML renderer is checked
against the real template without Python at test time.

Usage:  pip install gguf jinja2
        python3 scripts/chat-template-fixture.py [GGUF] > Tests/ModelsTests/Fixtures/smollm2-chat.json
"""
import json
import os
import sys

import jinja2
from gguf import GGUFReader

CONVERSATIONS = [
    [],
    [{"role": "user", "content": "What is the capital of France?"}],
    [{"role": "system", "content": "You are a helpful assistant."},
     {"role": "user", "content": "What is the capital of France?"}],
    [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"},
     {"role": "user", "content": "Write SQL:\nSELECT 1;"}],
    [{"role": "assistant", "content": "I start."}],
    [{"role": "system", "content": ""}, {"role": "user", "content": "  spaces \n and ünïcödé 🍕"}],
    [{"role": "tool", "content": "{\"temp\": 21}"}],
]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models")),
        "SmolLM2-135M-Instruct.Q4_1.gguf")
    source = GGUFReader(path).fields["tokenizer.chat_template"].contents()
    template = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).from_string(source)
    cases = []
    for messages in CONVERSATIONS:
        for generation in (True, False):
            cases.append({"messages": messages, "add_generation_prompt": generation,
                          "text": template.render(messages=messages, add_generation_prompt=generation)})
    json.dump({"source": f"jinja2 {jinja2.__version__} rendering tokenizer.chat_template of "
                         f"{os.path.basename(path)}; regenerate with scripts/chat-template-fixture.py",
               "template": source, "cases": cases}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
