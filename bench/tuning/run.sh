#!/bin/sh
# LoRA training speed and peak RSS: slm vs PyTorch + PEFT, side by side. Each side warms up
# with one update and times the next 5; the two alternate for 3 rounds (this machine's
# speed drifts), and the ratio is of the medians.
# Needs: swift build -c release --product slm; pip install torch transformers peft gguf.
set -e
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
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
{ v[$1, ++n[$1]] = $2; list[$1] = list[$1] sprintf(" %.1f", $2) }
END {
    for (k in n) { for (i = 1; i <= n[k]; i++) x[i] = v[k, i]; m[k] = median(x, n[k]) }
    printf "slm          tokens/s: %6.1f (median of%s)  peak RSS %.2f GiB\n", m["slm"], list["slm"], m["slm-rss"] / 1048576
    printf "pytorch+peft tokens/s: %6.1f (median of%s)  peak RSS %.2f GiB\n", m["torch"], list["torch"], m["torch-rss"] / 1048576
    printf "ratio: %.2fx the tokens/s at %.2fx the peak RSS\n", m["slm"] / m["torch"], m["slm-rss"] / m["torch-rss"]
}' "$log"
