#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, fetches the models into the
# cache, then builds and runs every test on a release build (numeric code is far too slow in
# debug). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/setup-models.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# All tests are XCTest cases (the .slm language tests and notebook checks run inside them).
status=0
swift test -c release --disable-swift-testing 2>&1 | tee "$log" || status=$?

# One plain closing line with the counts, read from XCTest's summary.
summary="$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1 || true)"
executed="$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")"
failed="$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")"
if [[ -z "$summary" ]]; then
    echo "tests: no XCTest summary found (build failure?)"
    exit 1
fi
echo "tests: $((executed - failed)) passed, $failed failed"
exit "$status"
