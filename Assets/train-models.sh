#!/usr/bin/env bash
# Retrains every shipped model with the exact commands recorded in Assets/README.md.
# Usage: Assets/train-models.sh [NTM_BINARY] [OUT_DIR] [TASK…]
#   defaults: .build/release/ntm, Assets/models, every task
# Each run keeps its best-validation model (--best) in OUT_DIR; the latest state, for --resume,
# and the learning curve go to $LOGS (default /tmp/ntm-train-logs).
set -euo pipefail
ntm=${1:-.build/release/ntm}
out=${2:-Assets/models}
shift $(($# > 2 ? 2 : $#))
logs=${LOGS:-/tmp/ntm-train-logs}
mkdir -p "$out" "$logs"
train() {
  local name=$1; shift
  "$ntm" train --task "$name" --best "$out/$name.safetensors" --out "$logs/$name.latest.safetensors" \
    --log "$logs/$name.csv" "$@" 2>&1 | tee "$logs/$name.log"
}
declare -A args=(
  [copy]="--seed 1 --batch 16 --max-sequences 150000 --validate-every 5000"
  [repeat-copy]="--seed 1 --batch 16 --max-time 15m --validate-every 5000"
  [associative-recall]="--seed 1 --batch 16 --max-time 20m --validate-every 5000 --until-cost 0.001"
  [dynamic-ngrams]="--seed 1 --batch 16 --max-time 10m --validate-every 2000"
  [priority-sort]="--seed 1 --batch 16 --read-heads 2 --write-heads 2 --max-time 15m --validate-every 5000"
  [balanced-parentheses]="--seed 1 --batch 16 --max-time 10m --validate-every 5000 --until-cost 0.001"
)
tasks=("$@")
((${#tasks[@]})) || tasks=(copy repeat-copy associative-recall dynamic-ngrams priority-sort balanced-parentheses)
for task in "${tasks[@]}"; do
  # shellcheck disable=SC2086
  train "$task" ${args[$task]}
done
