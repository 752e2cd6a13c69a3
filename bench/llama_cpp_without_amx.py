"""Imported before using llama-cpp-python on this machine kind: its CPU reports AMX, which
the wheel's -march=native build then uses, but the VM traps AMX tile instructions (SIGILL
in ggml_backend_amx_mul_mat). Turns off ggml's extra buffer types (AMX and CPU repacking;
there is no Q4_1 repacking) in every model llama_cpp loads, so the standard
AVX-512/VNNI kernels run."""
import llama_cpp.llama_cpp as llama_capi

_default_params = llama_capi.llama_model_default_params


def _params_without_extra_buffers():
    params = _default_params()
    params.use_extra_bufts = False
    return params


llama_capi.llama_model_default_params = _params_without_extra_buffers
