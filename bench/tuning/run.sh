#!/bin/sh
# LoRA training speed and peak RSS: slm vs PyTorch + PEFT, side by side. Each side warms up
# with one update and times the next 5. The two run back to back for several rounds (this
# shared machine's speed drifts by ±20 % within minutes); each round gives a ratio, and the
# reported ratio is the median of the rounds' ratios.
# Needs: swift build -c release --product slm; pip install torch transformers peft gguf.
set -e
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-5}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for round in $(seq "$rounds"); do
    /usr/bin/time -v .build/release/slm run bench/tuning/lora_speed.slm 2>&1 \
        | awk '/^slm tokens\/s:/ { print "slm", $3 } /Maximum resident/ { print "slm-rss", $6 }' >> "$log"
    /usr/bin/time -v python3 bench/tuning/peft_train.py 2>&1 \
        | awk '/^pytorch\+peft tokens\/s:/ { print "torch", $3 } /Maximum resident/ { print "torch-rss", $6 }' >> "$log"
done
awk '
function median(a, n,    i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ v[$1, ++n[$1]] = $2 }
END {
    for (i = 1; i <= n["slm"]; i++) {
        r[i] = v["slm", i] / v["torch", i]
        rounds = rounds sprintf("  %.1f / %.1f = %.2fx", v["slm", i], v["torch", i], r[i])
    }
    for (k in n) { for (i = 1; i <= n[k]; i++) x[i] = v[k, i]; m[k] = median(x, n[k]) }
    printf "rounds (slm / pytorch+peft tokens/s):%s\n", rounds
    printf "slm          tokens/s: %6.1f median, peak RSS %.2f GiB\n", m["slm"], m["slm-rss"] / 1048576
    printf "pytorch+peft tokens/s: %6.1f median, peak RSS %.2f GiB\n", m["torch"], m["torch-rss"] / 1048576
    printf "ratio: %.2fx the tokens/s (median of the rounds) at %.2fx the peak RSS\n", median(r, n["slm"]), m["slm-rss"] / m["torch-rss"]
}' "$log"
