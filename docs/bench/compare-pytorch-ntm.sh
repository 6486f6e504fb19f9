#!/usr/bin/env bash
# Training throughput of ntm and of pytorch-ntm on the copy task (LSTM 100, memory 128 x 20,
# one read and one write head, lengths 1-20), one thread each, measured one after the other in
# the same run, in sequences per CPU-second, with the ratios at batch 1 and best against best.
#
# Usage: docs/bench/compare-pytorch-ntm.sh PYTORCH-NTM-CHECKOUT NTM-BINARY [SECONDS] [MIN-SEQUENCES]
#   SECONDS: ntm bench's seconds per measurement (default 5)
#   MIN-SEQUENCES: pytorch-ntm sequences timed per batch size, at least (default 200)
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '6,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
checkout=$1
ntm=$2
seconds=${3:-5}
min_sequences=${4:-200}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}

[ -f "$checkout/ntm/aio.py" ] || { echo "error: $checkout is not a pytorch-ntm checkout (no ntm/aio.py)" >&2; exit 1; }
[ -x "$ntm" ] || { echo "error: $ntm is not an executable ntm binary (swift build -c release)" >&2; exit 1; }
"$python" -c 'import torch' 2>/dev/null || { echo "error: $python cannot import torch (pip install torch)" >&2; exit 1; }

export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
ours=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT

echo "== $(uname -m), $(getconf _NPROCESSORS_ONLN) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "== ntm ($("$ntm" --version 2>/dev/null || echo '?')): ntm bench --only single batches --threads 1 --batch-sizes 8 32 128 --seconds $seconds"
"$ntm" bench --only single batches --threads 1 --batch-sizes 8 32 128 --seconds "$seconds" | tee "$ours"
echo "== pytorch-ntm ($(git -C "$checkout" rev-parse --short HEAD 2>/dev/null || echo '?')): $python $here/pytorch_ntm.py $checkout --min-sequences $min_sequences"
"$python" "$here/pytorch_ntm.py" "$checkout" --batches 1,8,32,128 --min-sequences "$min_sequences" | tee "$theirs"

# ntm: "training, batch N, ...; X per CPU-second)"; pytorch-ntm: rows "batch sequences cpu wall seq/CPU-s loss".
awk '
  FNR == NR && /^training, batch/ { b = $3; sub(",", "", b); v = $0; sub(/ per CPU-second.*/, "", v); sub(/.*; /, "", v); ours[b + 0] = v + 0; next }
  FNR != NR && $1 ~ /^[0-9]+$/ { theirs[$1 + 0] = $5 + 0 }
  END {
    for (b in ours) if (ours[b] > oursBest) { oursBest = ours[b]; oursAt = b }
    for (b in theirs) if (theirs[b] > theirsBest) { theirsBest = theirs[b]; theirsAt = b }
    if (!(1 in ours) || !(1 in theirs)) { print "error: a batch-1 figure is missing" > "/dev/stderr"; exit 1 }
    printf "== sequences per CPU-second, one thread\n%6s %10s %12s %7s\n", "batch", "ntm", "pytorch-ntm", "ratio"
    split("1 8 32 128", sizes, " ")
    for (i = 1; i <= 4; i++) { b = sizes[i]; if ((b in ours) && (b in theirs)) printf "%6d %10.0f %12.1f %6.0fx\n", b, ours[b], theirs[b], ours[b] / theirs[b] }
    printf "batch 1 against batch 1: %.0fx (%.0f / %.1f)\n", ours[1] / theirs[1], ours[1], theirs[1]
    printf "best against best: %.0fx (ntm %.0f at batch %d / pytorch-ntm %.1f at batch %d)\n", oursBest / theirsBest, oursBest, oursAt, theirsBest, theirsAt
  }' "$ours" "$theirs"
