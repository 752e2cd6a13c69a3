#!/usr/bin/env bash
# The main job (README): installs what is missing, fetches the models, builds slm and replays
# the six-step walkthrough notebooks in order, printing each with fresh outputs. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/setup-models.sh
swift build -c release --product slm
# The language tour first, then the steps in their numbered order.
for notebook in notebooks/00-tour.slmnb $(ls notebooks/*.slmnb | grep -v 00-tour.slmnb); do
    echo
    echo "════════ $notebook ════════"
    .build/release/slm run "$notebook"
done
