#!/usr/bin/env bash
# Writes Assets/README.md: Assets/cards-intro.md, then one card per shipped model: `ntm info`,
# the `ntm eval` tables below (1,000 fresh sequences per row, seed 1, never used in training),
# and the model's own text, Assets/cards/NAME.md. Rerun it after retraining a model; the text of
# its card may then need rewriting, the tables never by hand.
# Usage: Assets/make-cards.sh [NTM_BINARY]   (default .build/release/ntm; takes a few minutes)
set -euo pipefail
ntm=${1:-.build/release/ntm}
cd "$(dirname "$0")/.."
sequences=1000

# Each card's evaluations, one `ntm eval` per line: its training range, then beyond it, far
# enough to show where the model breaks down. An empty line means the task's default sizes.
tables() {
  case $1 in
    copy) echo "--lengths 10,20,30,50,80,120,125,126,127,128,150" ;;
    repeat-copy | dnc-repeat-copy)
      echo "--lengths 1,2,3,4,5,6,7,8,9,10,11,12,13,15,20"
      echo "--lengths 1,2,3,4,5,6,7,8,9,10 --repeats 11"
      echo "--lengths 10,13,20 --repeats 10,12,15,20,22,24"
      ;;
    associative-recall | dnc-associative-recall) echo "--lengths 2,3,4,5,6,8,10,11,12,15,20" ;;
    balanced-parentheses) echo "--lengths 2,5,10,20,30,40,60,80,90,100,120,150,200" ;;
    dynamic-ngrams) echo "--lengths 100,200,400" ;;
    priority-sort | priority-sort-feedforward) echo "--lengths 16,18,20,22,25,30" ;;
    dnc-copy) echo "--lengths 10,20,30,50,60,80,100,120,127" ;;
    memory-reuse | dnc-memory-reuse) echo "--lengths 1,2,3,4,6,8,12,16" ;;
    *) echo "" ;;
  esac
}

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
    while IFS= read -r options; do
      command="ntm eval --checkpoint Assets/models/$name.safetensors --sequences $sequences${options:+ $options}"
      echo >&2 "$command"
      echo
      echo "\`$command\`:"
      echo
      echo '```'
      # shellcheck disable=SC2086
      "$ntm" eval --checkpoint "$model" --sequences "$sequences" $options | tail -n +2
      echo '```'
    done < <(tables "$name")
    if [[ -f Assets/cards/$name.md ]]; then
      echo
      cat "Assets/cards/$name.md"
    fi
  done
} > Assets/README.md.tmp
mv Assets/README.md.tmp Assets/README.md
