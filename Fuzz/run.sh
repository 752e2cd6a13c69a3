#!/bin/sh
# Builds the libFuzzer target (Lang's sources + Fuzz/LangFuzz.swift, with address
# sanitizer) and runs it on the language test programs as seed corpus.
#   Fuzz/run.sh [seconds]      (default 60)
set -e
cd "$(dirname "$0")/.."
mkdir -p .build/fuzz/corpus
for f in Tests/lang/*/*.slm; do cp "$f" ".build/fuzz/corpus/$(echo "$f" | tr / _)"; done
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Lang \
    Sources/Lang/*.swift -emit-library -static -o .build/fuzz/libLang.a -emit-module -emit-module-path .build/fuzz/Lang.swiftmodule
swiftc -O -sanitize=fuzzer,address -parse-as-library -I .build/fuzz Fuzz/LangFuzz.swift .build/fuzz/libLang.a -o .build/fuzz/lang-fuzz
.build/fuzz/lang-fuzz -max_total_time="${1:-60}" -max_len=4096 -timeout=10 .build/fuzz/corpus
