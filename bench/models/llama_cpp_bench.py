"""llama.cpp (PyPI llama-cpp-python) on the same GGUF and token ids as main.swift:
prefill of 512 tokens (5 runs) and greedy decode of 128 after a 16-token prompt (3 runs),
1 and 2 threads; each rate is the median and the best of its runs. Prints one JSON object
per line."""
import json
import os
import statistics
import sys
import time

import numpy as np
import llama_cpp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import llama_cpp_without_amx  # noqa: E402,F401 (AMX traps on this VM)

path = sys.argv[1]
prompt512 = [200 + (i * 7919) % 40000 for i in range(512)]
prompt16 = prompt512[:16]


def rates(runs, units, body):
    """(median, best) of units ÷ seconds over `runs` calls of body (which returns seconds)."""
    values = [units / body() for _ in range(runs)]
    return statistics.median(values), max(values)


for threads in (1, 2):
    llm = llama_cpp.Llama(model_path=path, n_threads=threads, n_threads_batch=threads,
                          n_ctx=1024, n_batch=512, verbose=False)
    vocab = llm.n_vocab()

    def last_logits():
        pointer = llama_cpp.llama_get_logits_ith(llm.ctx, -1)
        return np.ctypeslib.as_array(pointer, shape=(vocab,))

    def prefill_512():
        llm.reset()  # eval() then drops the cached positions from 0 on
        start = time.perf_counter()
        llm.eval(prompt512)
        return time.perf_counter() - start

    def decode_128():
        llm.reset()
        llm.eval(prompt16)
        start = time.perf_counter()
        for _ in range(128):
            llm.eval([int(np.argmax(last_logits()))])
        return time.perf_counter() - start

    prefill = rates(5, 512, prefill_512)
    decode = rates(3, 128, decode_128)
    print(json.dumps({"impl": "llama.cpp", "threads": threads,
                      "prefill_tok_s": prefill[0], "prefill_best_tok_s": prefill[1],
                      "decode_tok_s": decode[0], "decode_best_tok_s": decode[1]}), flush=True)
    del llm
