#!/bin/sh
# PII detection quality and scanning speed: slm's scanner and Presidio (pattern
# recognizers only) on the same labeled texts, in the same run.
#   pip install presidio-analyzer presidio-anonymizer   (once)
set -e
cd "$(dirname "$0")/../.."
labeled=Tests/PipelineTests/Fixtures/pii-labeled.jsonl
swift build -c release --product CurationBench >/dev/null
echo "== slm"
ours=$(.build/release/CurationBench "$labeled")
echo "$ours"
echo "== Presidio"
peer=$(python3 bench/curation/presidio_peer.py "$labeled" 2>/dev/null)
echo "$peer"
a=$(echo "$ours" | sed -n 's/^speed: \([0-9.]*\) MB.*/\1/p')
b=$(echo "$peer" | sed -n 's/^speed: \([0-9.]*\) MB.*/\1/p')
python3 -c "print(f'speed ratio slm / Presidio: {$a / $b:.0f}x')"
