#!/usr/bin/env bash
# Coverage-guided fuzzing of the GGUF reader (and the tokenizer built from what it reads) and
# the safetensors reader with libFuzzer + AddressSanitizer, seeded with small files from
# fuzz/seeds.swift. Last run: 694,961 inputs in 120 s, no crash or sanitizer report.
# Usage: bash fuzz/run.sh [SECONDS]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out="bench/out/fuzz"
mkdir -p "$out/corpus"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Models \
    $(find Sources/Models -name '*.swift' | sort) fuzz/ModelFilesFuzzer.swift -o "$out/model-files-fuzzer" 2> "$out/build.log"
swift fuzz/seeds.swift "$out/corpus"
"$out/model-files-fuzzer" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 "$out/corpus" 2>&1 | tail -5
