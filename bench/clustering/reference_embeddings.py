"""Records all-MiniLM-L6-v2 sentence embeddings from sentence-transformers (PyPI) into the
ModelsTests fixture, so the Swift test compares against them without Python.

    pip install sentence-transformers
    HF_HUB_OFFLINE=1 python3 bench/clustering/reference_embeddings.py
"""
import json
import os
import sys

from sentence_transformers import SentenceTransformer

MODEL = os.path.expanduser(os.environ.get("SLM_MODELS", "~/.cache/slm/models")) + "/all-MiniLM-L6-v2"
OUT = os.path.join(os.path.dirname(__file__), "../../Tests/ModelsTests/Fixtures/minilm-embeddings.json")

SENTENCES = [
    "",
    "Hello!",
    "The quick brown fox jumps over the lazy dog.",
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The girl is carrying a baby.",
    "A man is riding a horse.",
    "A woman is playing violin.",
    "Two men pushed carts through the woods.",
    "A man is riding a white horse on an enclosed ground.",
    "A monkey is playing drums.",
    "Someone in a gorilla costume is playing a set of drums.",
    "How many customers placed an order last month?",
    "List the ten most expensive products in the shop database.",
    "Which employees in the Berlin office earn more than their manager?",
    "SELECT name, COUNT(*) FROM orders JOIN customers ON orders.customer_id = customers.id GROUP BY name;",
    "{\"tables\": [\"orders\", \"customers\"]}",
    "{\"ranking\": [{\"column\": \"flights.departure\", \"score\": 0.97}]}",
    "You are the table-name extractor of a text-to-SQL agent. Return JSON only.",
    "You fix SQLite queries. Given the schema, a failing query and the error, reply with the corrected query only.",
    "Error: no such column: custmer_id",
    "near \"FORM\": syntax error",
    "Café, naïve résumé: déjà vu at the Zürich Hauptbahnhof.",
    "東京は日本の首都です。",
    "Привет, как дела?",
    "¿Dónde está la biblioteca?",
    "Emojis 🎉🚀 and symbols ©®™ survive tokenization?",
    "Numbers: 3.14159, 2,718, -42, 1e-9, 0x1F.",
    "e-mail: jane.doe@example.com, phone +1 (555) 010-9999",
    "UPPER CASE TEXT SHOULD BE LOWERED BY THE TOKENIZER",
    "tabs\tand\nnewlines\r\nin between",
    "   leading and trailing spaces   ",
    "unbelievably uncharacteristically antidisestablishmentarianism",
    "The mitochondria is the powerhouse of the cell.",
    "Photosynthesis converts light energy into chemical energy.",
    "Stock markets fell sharply after the central bank raised interest rates.",
    "The recipe needs two cups of flour, one egg and a pinch of salt.",
    "I'm not sure that's what she meant, but it's close enough.",
    "Can't, won't, shouldn't've: contractions everywhere.",
    "def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)",
    "<html><body><h1>Title</h1></body></html>",
    "Q3 revenue grew 12% year over year, driven by the flights segment.",
    "Please summarise the attached quarterly report in three sentences.",
    "Translate 'good morning' into French.",
    "What is the capital of Australia?",
    "Canberra is the capital of Australia.",
    "The weather today is sunny with a light breeze.",
    "It will rain heavily tomorrow afternoon.",
    "run_sql search_docs execute_sql",
    "a",
    "the the the the the the the the",
    "Short.",
    " ".join(["This long sentence repeats to exceed the two hundred fifty six token limit of the model."] * 25),
    " ".join(f"word{i}" for i in range(400)),
    "Mixed 中文 and English text with accents: àéîõü.",
    "Researchers found no significant difference between the two groups (p = 0.43).",
    "Is the data inconclusive, or do the figures support a recommendation?",
    "Memo 451 - headcount planning for the hr database",
    "Wiki: how to book a flight with a layover",
    "I love this product, it works perfectly!",
    "This is the worst service I have ever experienced.",
]


def main():
    model = SentenceTransformer(MODEL, device="cpu")
    vectors = model.encode(SENTENCES, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    data = {
        "source": "sentence-transformers " + __import__("sentence_transformers").__version__
                  + " all-MiniLM-L6-v2, encode(normalize_embeddings=True); bench/clustering/reference_embeddings.py",
        "sentences": SENTENCES,
        "embeddings": [[round(float(v), 7) for v in row] for row in vectors],
    }
    with open(OUT, "w") as f:
        json.dump(data, f, ensure_ascii=False)
    print(f"wrote {len(SENTENCES)} embeddings to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
