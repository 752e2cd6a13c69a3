"""llama.cpp (PyPI llama-cpp-python) on the same GGUF and token ids as main.swift:
prefill of 512 tokens and greedy decode of 128 after a 16-token prompt, 1 and 2 threads.
Prints one JSON object per line."""
import ctypes
import json
import sys
import time

import numpy as np
import llama_cpp
import llama_cpp.llama_cpp as llama_capi

# This VM's CPU reports AMX, which the wheel's -march=native build then uses, but the VM
# traps AMX tile instructions (SIGILL in ggml_backend_amx_mul_mat). Turn off ggml's extra
# buffer types (AMX and CPU repacking; there is no Q4_1 repacking) so the standard
# AVX-512/VNNI kernels run.
_default_params = llama_capi.llama_model_default_params


def _params_without_extra_buffers():
    params = _default_params()
    params.use_extra_bufts = False
    return params


llama_capi.llama_model_default_params = _params_without_extra_buffers

path = sys.argv[1]
prompt512 = [200 + (i * 7919) % 40000 for i in range(512)]
prompt16 = prompt512[:16]

for threads in (1, 2):
    llm = llama_cpp.Llama(model_path=path, n_threads=threads, n_threads_batch=threads,
                          n_ctx=1024, n_batch=512, verbose=False)
    vocab = llm.n_vocab()

    def last_logits():
        pointer = llama_cpp.llama_get_logits_ith(llm.ctx, -1)
        return np.ctypeslib.as_array(pointer, shape=(vocab,))

    prefill = []
    for _ in range(3):
        llm.reset()  # eval() then drops the cached positions from 0 on
        start = time.perf_counter()
        llm.eval(prompt512)
        prefill.append(time.perf_counter() - start)
    decode = []
    for _ in range(2):
        llm.reset()
        llm.eval(prompt16)
        start = time.perf_counter()
        for _ in range(128):
            llm.eval([int(np.argmax(last_logits()))])
        decode.append(time.perf_counter() - start)
    print(json.dumps({"impl": "llama.cpp", "threads": threads,
                      "prefill_tok_s": 512 / min(prefill), "decode_tok_s": 128 / min(decode)}))
    del llm
