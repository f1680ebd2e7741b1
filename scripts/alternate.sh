#!/usr/bin/env bash
# Runs shell commands alternately, N rounds, and prints each one's median wall time and CPU time
# (user + sys of the process and its threads and children), with every round's wall time:
#
#   bash scripts/alternate.sh 5 "node dist/cli/main.js analyze big.csv" "node /tmp/old/cli/main.js analyze big.csv"
#
# Alternating spreads a busy moment of a shared machine over all the commands. Each run gets its
# own session and, where allowed (root), nice -20; their output is discarded. A run that exits
# non-zero is counted and said.
set -euo pipefail
if [ $# -lt 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash scripts/alternate.sh ROUNDS COMMAND [COMMAND...]" >&2
  exit 2
fi
rounds=$1
shift
prio=()
if nice -n -20 true 2>/dev/null; then prio=(nice -n -20); fi
times=$(mktemp)
trap 'rm -f "$times"' EXIT
declare -a wall cpu failed
for ((r = 0; r < rounds; r++)); do
  for ((k = 1; k <= $#; k++)); do
    if ! /usr/bin/time -o "$times" -f "%e %U %S" setsid "${prio[@]}" bash -c "${!k}" >/dev/null 2>&1; then failed[k]=$((${failed[k]:-0} + 1)); fi
    read -r e u s < <(tail -1 "$times")
    wall[k]+="$e "
    cpu[k]+="$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}') "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for ((k = 1; k <= $#; k++)); do
  note=""
  if [ -n "${failed[k]:-}" ]; then note=" (${failed[k]} of $rounds runs failed)"; fi
  echo "wall $(echo "${wall[k]}" | median) s, cpu $(echo "${cpu[k]}" | median) s  [${wall[k]% }]$note : ${!k}"
done
