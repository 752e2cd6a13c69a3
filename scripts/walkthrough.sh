#!/usr/bin/env bash
# The main job (README): installs what is missing, fetches the models, builds slm and replays
# the six-step walkthrough notebooks in order, printing each with fresh outputs. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/setup-models.sh
swift build -c release --product slm
for notebook in notebooks/*.slmnb; do
    echo
    echo "════════ $notebook ════════"
    .build/release/slm run "$notebook"
done
