#!/usr/bin/env bash
# Writes Assets/README.md: one card per shipped model, from `ntm info` and `ntm eval` (200 fresh
# sequences per row), plus each model's training command from Assets/train-models.sh.
# Usage: Assets/make-cards.sh [NTM_BINARY]   (default .build/release/ntm)
set -euo pipefail
ntm=${1:-.build/release/ntm}
cd "$(dirname "$0")/.."
declare -A extra=(
  [copy]="--lengths 10,20,30,50,80,120"
  [repeat-copy]="--lengths 1,2,3,4,5,6,7,8,9,10,15,20"
  [associative-recall]="--lengths 2,3,4,5,6,8,10,12,15"
  [balanced-parentheses]="--lengths 10,20,30,40,60"
)
# A second table, for a knob the first leaves at its training range.
declare -A more=(
  [repeat-copy]="--lengths 10 --repeats 10,11,12,15,20"
)
{
  cat Assets/cards-intro.md
  for model in Assets/models/*.safetensors; do
    name=$(basename "$model" .safetensors)
    echo
    echo "## $name"
    echo
    echo '```'
    "$ntm" info --checkpoint "$model" | tail -n +2
    echo '```'
    echo
    echo "Evaluation (\`ntm eval --checkpoint Assets/models/$name.safetensors ${extra[$name]:-}\`):"
    echo
    echo '```'
    # shellcheck disable=SC2086
    "$ntm" eval --checkpoint "$model" --sequences 200 ${extra[$name]:-} | tail -n +2
    echo '```'
    if [[ -n ${more[$name]:-} ]]; then
      echo
      echo "And (\`ntm eval --checkpoint Assets/models/$name.safetensors ${more[$name]}\`):"
      echo
      echo '```'
      # shellcheck disable=SC2086
      "$ntm" eval --checkpoint "$model" --sequences 200 ${more[$name]} | tail -n +2
      echo '```'
    fi
    if [[ -f Assets/cards/$name.md ]]; then echo; cat "Assets/cards/$name.md"; fi
  done
} > Assets/README.md
