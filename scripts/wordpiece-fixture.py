#!/usr/bin/env python3
"""Records reference token ids for the all-MiniLM-L6-v2 WordPiece tokenizer into a test
fixture: HF `tokenizers` (PyPI) loading the model's own tokenizer.json, padding off,
truncation at 256 (sentence-transformers' max_seq_length for this model), on hand-picked
sentences and 200 seeded random strings.

Usage:  pip install tokenizers
        python3 scripts/wordpiece-fixture.py [MODEL_DIR] > Tests/ModelsTests/Fixtures/minilm-tokens.json
"""
import json
import os
import random
import sys

import tokenizers
from tokenizers import Tokenizer

SENTENCES = [
    "Hello world",
    "The quick brown fox jumps over the lazy dog.",
    "What is the capital of France?",
    "HOW DO I RESET MY PASSWORD???",
    "I'd like to cancel my subscription, please.",
    "Don't you think it's a bit late?",
    "Write a SQL query that counts users by country.",
    "SELECT name, COUNT(*) FROM users GROUP BY name;",
    "Convert this JSON to YAML: {\"a\": [1, 2, 3]}",
    "def fib(n): return n if n < 2 else fib(n-1) + fib(n-2)",
    "Summarize the following meeting notes in three bullet points.",
    "Translate 'good morning' into Spanish.",
    "Call get_weather(city=\"Paris\") and report the temperature.",
    "The invoice total was $1,234.56 (including 20% VAT).",
    "Order #A-1029 shipped on 2024-03-15 at 10:45am.",
    "3.14159 is approximately pi; e is about 2.71828",
    "café naïve résumé façade",
    "Crème brûlée à la française",
    "Ångström, Øresund, Ærøskøbing",
    "Straße und Größe",
    "Zażółć gęślą jaźń",
    "İstanbul ılık",
    "Привет, как дела?",
    "Γειά σου Κόσμε",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "你好，世界！",
    "我爱自然语言处理",
    "日本語のテキストです",
    "한국어 텍스트",
    "mixed 中文 and English",
    "I love pizza 🍕!",
    "thumbs up 👍🏽 and family 👨‍👩‍👧",
    "math ∑ ∫ √ ∞ ≠ ≤ ± × ÷",
    "currency € £ ¥ ₹",
    "arrows → ← ⇒ and symbols © ® ™ °",
    "tabs\tand\nnewlines\r\nand   spaces",
    "   leading and trailing   ",
    "",
    "a",
    "!!!???...",
    "hyphen-ated words and under_scores and slashes/here",
    "e-mail me at someone@example.com or visit https://example.org/path?q=1",
    "[CLS] literal special tokens [SEP] in the text [MASK]",
    "[cls] lower-case brackets",
    "zero\u200bwidth and soft\u00adhyphen and bom\ufeff",
    "control\u0001chars\u0007here\u0000",
    "decomposed e\u0301 and a\u0300",
    "unbelievably antidisestablishmentarianism supercalifragilisticexpialidocious",
    "x" * 120,
    "The patient's MRI showed no abnormalities; follow-up in 6 weeks.",
    "Refund request: item arrived damaged, photos attached.",
    "Can you reschedule my 3pm meeting with Dr. Smith to Thursday?",
    "Error: connection timed out after 30000 ms (ECONNRESET)",
    "The model returned an invalid tool call: missing 'arguments'.",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ and ① ② ³",
    "Long sentence " + " ".join(f"word{i}" for i in range(300)),
]


def random_strings(count, seed=4321):
    """Seeded random strings over the normalizer's and pre-tokenizer's edge cases."""
    rng = random.Random(seed)
    pools = [
        " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u200b", "\u00ad", "\u0007", "Hello", "WORLD", "the",
        "running", "unbelievable", "x", "42", "3.5", "①", "²", ".", ",", "!", "?", "'", "\"", "(", ")", "$", "+",
        "<", "=", "^", "|", "~", "`", "-", "_", "/", "@", "#", "[SEP]", "[CLS]", "[sep]", "[", "]", "é", "e\u0301",
        "Å", "ß", "İ", "Σ", "ς", "Ж", "ω", "中", "文字", "テスト", "한", "न", "मस्", "ت", "🍕", "👍🏽", "€", "™", "Ｆ",
    ]
    return ["".join(rng.choice(pools) for _ in range(rng.randint(1, 14))) for _ in range(count)]


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("SLM_MODELS", os.path.expanduser("~/.cache/slm/models")), "all-MiniLM-L6-v2")
    tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=256)
    lines = [json.dumps({"text": s, "ids": tokenizer.encode(s).ids}, ensure_ascii=False) for s in SENTENCES + random_strings(200)]
    source = (f"HF tokenizers {tokenizers.__version__} loading all-MiniLM-L6-v2 tokenizer.json, "
              "no padding, truncation 256; regenerate with scripts/wordpiece-fixture.py")
    sys.stdout.write("{\"source\": " + json.dumps(source) + ",\n\"cases\": [\n" + ",\n".join(lines) + "\n]}\n")
    print(f"{len(lines)} strings", file=sys.stderr)


if __name__ == "__main__":
    main()
