#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, fetches the models into the
# cache, then builds and runs every test on a release build (numeric code is far too slow in
# debug). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/setup-models.sh
swift test -c release
