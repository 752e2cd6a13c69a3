#!/usr/bin/env bash
# Step-3 benchmarks beside their peers, in one run (2 threads each side):
#   k-means 10,000 x 384, k = 20 vs scikit-learn KMeans(n_init=1);
#   MiniLM sentences/s (batch 32) vs sentence-transformers on PyTorch;
#   ARI / NMI per method, embedding and view on the demo workload, and the same combined
#   view through sentence-transformers + scikit-learn (peer.py quality) as a check.
# Needs: pip install sentence-transformers scikit-learn; models from scripts/setup-models.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product ClusteringBench >/dev/null
bench=.build/release/ClusteringBench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SLM_THREADS=2 OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 HF_HUB_OFFLINE=1

echo "## k-means, 10000 x 384 float32, k = 20"
$bench blobs "$tmp/points.f32" 10000 384 20
ours=$($bench kmeans "$tmp/points.f32" 10000 384 20)
peer=$(python3 bench/clustering/peer.py kmeans "$tmp/points.f32" 10000 384 20)
echo "$ours"; echo "$peer"
python3 -c "import sys; a=float(sys.argv[1].split()[1]); b=float(sys.argv[2].split()[1]); print(f'time ratio ours/sklearn: {a/b:.2f}x')" "$ours" "$peer"

echo "## MiniLM sentences/s, batch 32"
$bench sentences "$tmp/sentences.txt" 300
ours=$($bench embed "$tmp/sentences.txt" 32)
peer=$(python3 bench/clustering/peer.py embed "$tmp/sentences.txt" 32)
echo "$ours"; echo "$peer"
python3 -c "import sys; a=float(sys.argv[1].split()[1]); b=float(sys.argv[2].split()[1]); print(f'speed ratio ours/sentence-transformers: {a/b:.2f}x')" "$ours" "$peer"

echo "## Demo workload (400 calls, seeds 42, 1, 2): ARI / NMI against the hidden components"
$bench quality 400 42,1,2
for seed in 42 1 2; do $bench demo "$tmp/demo$seed.jsonl" 400 $seed; done
python3 bench/clustering/peer.py quality "$tmp"/demo42.jsonl "$tmp"/demo1.jsonl "$tmp"/demo2.jsonl
