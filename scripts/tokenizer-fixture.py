#!/usr/bin/env python3
"""Records reference token ids for the SmolLM2 tokenizer into a test fixture.

The reference is HF `tokenizers` (PyPI), built from the vocabulary and merges stored in the
same GGUF the Swift tokenizer reads, configured as SmolLM2's own tokenizer.json is: BPE
with a Digits(individual_digits) + ByteLevel(add_prefix_space=False) pre-tokenizer, a
ByteLevel decoder, and the control tokens as special added tokens.
(transformers' GGUF loader does not know the `smollm` pre-tokenizer and would not split digits.)

Usage:  pip install tokenizers gguf
        python3 scripts/tokenizer-fixture.py [GGUF] > Tests/ModelsTests/Fixtures/smollm2-tokens.json
"""
import json
import os
import random
import sys

from gguf import GGUFReader
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

STRINGS = [
    # English prose
    "Hello world",
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "What is the capital of France?",
    "The capital of France is Paris.",
    "I'm sure you're right; they've said we'll see, and he'd agree.",
    "DON'T SHOUT. It's OK'S? 'quoted' and \"double quoted\"",
    "rock'n'roll isn't dead",
    "A sentence with trailing space ",
    " Leading space",
    "Mr. Smith went to Washington D.C. on 4th July.",
    "e.g., i.e., etc. — em dash – en dash … ellipsis",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism",
    "CamelCaseIdentifier and snake_case_identifier and SCREAMING_CASE",
    "You are a helpful AI assistant named SmolLM, trained by Hugging Face",
    "Summarize the following text in three bullet points:",
    "Translate to French: The weather is nice today.",
    "Q: Who wrote Hamlet?\nA: William Shakespeare.",
    "- item one\n- item two\n  - nested item\n* star item",
    "# Heading\n\n## Sub-heading\n\nParagraph with **bold** and _italic_ and `code`.",
    # numbers
    "12345",
    "3.14159265358979",
    "1,000,000 dollars and 0.5 cents",
    "Call 555-123-4567 or +1 (800) 555-0199",
    "2024-01-15T10:30:00Z",
    "version 1.2.3-beta+build.45",
    "x = 1e-10; y = -2.5E+3",
    "0x1F 0b1010 0o777",
    "The year 1999 and the 21st century",
    "Room 101, floor 42, 7 items",
    "²³ ½ ¾ Ⅻ ⅷ ٣٤٥ १२३ ① ②",
    "99 bottles of beer on the wall, 99 bottles of beer",
    # code
    "def add(a, b):\n    return a + b\n",
    "for (int i = 0; i < n; i++) {\n\tsum += a[i];\n}",
    "func greet(name: String) -> String { \"Hello, \\(name)!\" }",
    "const x = await fetch(`/api/v1/users/${id}`);",
    "if x != None and y >= 3 or not z:\n        pass",
    "import numpy as np\nimport torch.nn.functional as F",
    "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); }",
    "let xs = [3, 1, 2] |> map(x => x * 2)",
    "<div class=\"container\"><p>Hello</p></div>",
    "SELECT name, COUNT(*) FROM users WHERE age > 30 GROUP BY name ORDER BY 2 DESC;",
    "INSERT INTO calls (id, prompt, latency_ms) VALUES (1, 'hi', 250);",
    "select * from t where a like '%abc%' and b is not null",
    "CREATE TABLE IF NOT EXISTS logs (ts INTEGER PRIMARY KEY, body TEXT NOT NULL);",
    "UPDATE accounts SET balance = balance - 100.00 WHERE id = 7;",
    "WITH cte AS (SELECT 1 AS n UNION ALL SELECT n+1 FROM cte WHERE n<10) SELECT * FROM cte",
    # JSON
    "{\"name\": \"Alice\", \"age\": 30, \"tags\": [\"a\", \"b\"]}",
    "{\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}",
    "[1, 2.5, -3, true, false, null]",
    "{\n  \"nested\": {\n    \"deep\": [\n      {}\n    ]\n  }\n}",
    "{\"emoji\": \"\\ud83d\\ude00\", \"path\": \"C:\\\\Users\\\\x\"}",
    # whitespace runs
    "a  b   c    d",
    "    four leading spaces",
    "trailing spaces    ",
    "tabs\tand\t\ttabs",
    "line1\nline2\n\nline4\n\n\n",
    "windows\r\nline endings\r\n",
    "   \n   \n",
    " ",
    "  ",
    "\n",
    "\t",
    "mixed \t \n whitespace \u00a0non-breaking\u3000ideographic",
    "word\u2003em space\u2009thin",
    "x\n\n\ny",
    "end with newline\n",
    # accents and Latin scripts
    "café naïve résumé façade",
    "Ångström Øresund Ærøskøbing",
    "Straße Größe Übermaß",
    "El niño pidió una piña",
    "Crème brûlée à la française",
    "decomposed e\u0301 and a\u0300 and n\u0303",
    "Zażółć gęślą jaźń",
    "Příliš žluťoučký kůň",
    "İstanbul ılık şehir",
    # other scripts
    "Привет, мир! Как дела?",
    "Γειά σου Κόσμε",
    "שלום עולם",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "สวัสดีชาวโลก",
    "你好，世界！",
    "我爱自然语言处理。",
    "日本語のテキストです。カタカナとひらがな。",
    "한국어 텍스트입니다",
    "混合 text with 中文 and English",
    "漢字123かな",
    # emoji and symbols
    "I love pizza 🍕🍕!",
    "👍🏽 thumbs up with skin tone",
    "👨‍👩‍👧‍👦 family",
    "🇫🇷 🇯🇵 flags",
    "❤️ ✨ ⭐ ☀️",
    "math: ∑ ∫ √ ∞ ≠ ≤ ≥ ± × ÷",
    "arrows → ← ↑ ↓ ⇒",
    "currency $ € £ ¥ ₹ ₿",
    "©®™ §¶ °",
    "<<>> !!?? ... ---- ____ ====",
    "\u0000null\u0001control\u007f",
    "\ufeffBOM start",
    "bytes \u0004\u0006\u0013 missing from the vocabulary",
    "a\u200bzero\u200cwidth\u200djoiners",
    # special tokens
    "<|im_start|>user\nHi there<|im_end|>\n",
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
    "text<|endoftext|>more text",
    "<|im_start|><|im_end|>",
    "<|im_start",
    "<|im_end |>",
    "< |im_start|>",
    "<repo_name>slm<file_sep>main.swift",
    "<jupyter_code>print(1)<jupyter_output>1",
    # contractions and apostrophes
    "it's its it’s",
    "'s 't 're 've 'm 'll 'd",
    "''' triple quotes '''",
    "O'Reilly's book",
    "we're 'ready' ' s",
    # longer passages
    "Small language models are sufficiently powerful, inherently more suitable, and necessarily more economical for many invocations in agentic systems.",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "ababababababababababababababab",
    "https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct?x=1&y=2#frag",
    "user@example.com, admin+tag@sub.domain.org",
    "/usr/local/bin/python3 --version && echo $PATH",
    "",
]


def random_strings(count, seed=1234):
    """Seeded random strings over the pre-tokenizer's edge cases: whitespace runs, digits,
    apostrophes and contractions, punctuation, accents, CJK, emoji, special-token fragments."""
    rng = random.Random(seed)
    pools = [
        " ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "'", "'s", "'ll", "'re", "\"",
        "0", "7", "42", "3.14", "٣", "²", "Ⅻ", ".", ",", "!?", "(", ")", "{", "}", "[", "]", ":", ";",
        "-", "_", "=", "==", "/", "\\", "#", "@", "$", "%", "&&", "->", "<", ">", "<|im_end|>",
        "<|im_start|>", "<|", "|>", "the", "The", "THE", "hello", "World", "x", "ab", "naïve", "é",
        "e\u0301", "ß", "Ж", "ω", "中", "文字", "テスト", "한", "🍕", "👍🏽", "🇫🇷", "✓", "€", "\u200d",
    ]
    out = []
    for _ in range(count):
        out.append("".join(rng.choice(pools) for _ in range(rng.randint(1, 12))))
    return out


def build_tokenizer(path):
    """HF tokenizers' BPE from the GGUF's vocabulary and merges, set up as SmolLM2's."""
    reader = GGUFReader(path)
    tokens = reader.fields["tokenizer.ggml.tokens"].contents()
    types = reader.fields["tokenizer.ggml.token_type"].contents()
    merges = reader.fields["tokenizer.ggml.merges"].contents()
    assert reader.fields["tokenizer.ggml.pre"].contents() == "smollm"

    vocab = {token: i for i, token in enumerate(tokens)}
    bpe = models.BPE(vocab=vocab, merges=[tuple(m.split(" ")) for m in merges])
    tokenizer = Tokenizer(bpe)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False)
                                  for t, ty in zip(tokens, types) if ty == 3])
    return tokenizer


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models")),
        "SmolLM2-135M-Instruct.Q4_1.gguf")
    tokenizer = build_tokenizer(path)

    cases = []
    for text in STRINGS + random_strings(300):
        ids = tokenizer.encode(text, add_special_tokens=False).ids
        cases.append({"text": text, "ids": ids,
                      "decoded": tokenizer.decode(ids, skip_special_tokens=False)})
    import tokenizers
    fixture = {
        "source": f"HF tokenizers {tokenizers.__version__} built from {os.path.basename(path)} "
                  "(vocab + merges), Digits(individual_digits) + ByteLevel pre-tokenizer; "
                  "the hand-picked strings, then 300 seeded random ones; "
                  "regenerate with scripts/tokenizer-fixture.py",
        "cases": cases,
    }
    # One case per line keeps the fixture diffable.
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    sys.stdout.write("{\"source\": " + json.dumps(fixture["source"]) + ",\n\"cases\": [\n"
                     + ",\n".join(lines) + "\n]}\n")
    print(f"{len(cases)} strings", file=sys.stderr)


if __name__ == "__main__":
    main()
