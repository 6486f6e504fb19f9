#!/usr/bin/env bash
# Retrains every shipped model with the exact commands of its card in Assets/README.md.
# Training is deterministic in seed and batch size, so each command reproduces the shipped
# parameters bit for bit (checked for copy). Dynamic n-grams and priority sort were trained with
# ntm at commit f22ac46, before the fused dense kernels and vector exp/log/tanh: with later builds
# their runs come out close, not bit for bit.
# Usage: Assets/train-models.sh [NTM_BINARY] [OUT_DIR] [TASK…]
#   defaults: .build/release/ntm, Assets/models, every task
set -euo pipefail
ntm=${1:-.build/release/ntm}
out=${2:-Assets/models}
shift $(($# > 2 ? 2 : $#))
mkdir -p "$out"
train() { "$ntm" train --validate-every 5000 "$@"; }
declare -A run=(
  [copy]="train --task copy --seed 1 --batch 16 --max-sequences 160016 --out $out/copy.safetensors"
  [repeat-copy]="train --task repeat-copy --optimizer rmsprop --batch 1 --seed 1 --max-sequences 230000 --out $out/repeat-copy.safetensors"
  [balanced-parentheses]="train --task balanced-parentheses --seed 1 --batch 16 --max-sequences 15008 --out $out/balanced-parentheses.safetensors"
  [dynamic-ngrams]="train --task dynamic-ngrams --optimizer rmsprop --batch 1 --seed 1 --max-sequences 120000 --out $out/dynamic-ngrams.safetensors"
  [priority-sort]="train --task priority-sort --seed 1 --batch 16 --read-heads 2 --write-heads 2 --max-sequences 619952 --out $out/priority-sort.safetensors"
)
associative_recall() {
  local stage1 stage2
  stage1=$(mktemp --suffix=.safetensors)
  train --task associative-recall --seed 1 --batch 16 --max-sequences 130000 --out "$stage1"
  stage2=$(mktemp --suffix=.safetensors)
  train --resume "$stage1" --lr 3e-4 --max-sequences 260000 --out "$stage2"
  train --resume "$stage2" --lr 1e-4 --max-sequences 390000 --out "$out/associative-recall.safetensors"
  rm -f "$stage1" "$stage2"
}
tasks=("$@")
((${#tasks[@]})) || tasks=(copy balanced-parentheses associative-recall repeat-copy dynamic-ngrams priority-sort)
for task in "${tasks[@]}"; do
  case $task in
    associative-recall) associative_recall ;;
    *) ${run[$task]} ;;
  esac
done
