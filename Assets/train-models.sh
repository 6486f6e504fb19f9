#!/usr/bin/env bash
# Retrains every shipped model with the exact commands recorded in Assets/README.md.
# Usage: Assets/train-models.sh [NTM_BINARY] [OUT_DIR]   (defaults: .build/release/ntm, Assets/models)
set -euo pipefail
ntm=${1:-.build/release/ntm}
out=${2:-Assets/models}
logs=${LOGS:-/tmp/ntm-train-logs}
mkdir -p "$out" "$logs"
train() {
  local name=$1; shift
  "$ntm" train --task "$name" --out "$out/$name.safetensors" --log "$logs/$name.csv" "$@" 2>&1 | tee "$logs/$name.log"
}
train copy --seed 1 --batch 16 --max-sequences 200000 --validate-every 5000
train repeat-copy --seed 1 --batch 16 --max-time 12m --validate-every 5000
train associative-recall --seed 1 --batch 16 --max-time 12m --validate-every 5000
train dynamic-ngrams --seed 1 --batch 16 --max-time 8m --validate-every 2000
train priority-sort --seed 1 --batch 16 --read-heads 2 --write-heads 2 --max-time 12m --validate-every 5000
train balanced-parentheses --seed 1 --batch 16 --max-time 6m --validate-every 5000
