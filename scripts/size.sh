#!/usr/bin/env bash
# Print the raw, gzip -9 and brotli -q 11 size in bytes of every file shipped
# in a build directory (default: dist/), and the totals.
#   scripts/size.sh [DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$ROOT/dist}"
[ -d "$DIR" ] || { echo "size: no directory $DIR (build first: make dist)" >&2; exit 1; }
command -v brotli >/dev/null || { echo "size: brotli is missing (make setup)" >&2; exit 1; }

total_raw=0 total_gz=0 total_br=0 n=0
# The first load is everything but the worker, which loads after the page is ready.
first_raw=0 first_gz=0 first_br=0
printf '%12s %12s %12s  %s\n' raw gzip-9 brotli-11 file
while IFS= read -r -d '' f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c -n "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%12d %12d %12d  %s\n' "$raw" "$gz" "$br" "${f#"$DIR"/}"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br)) n=$((n + 1))
  case "${f##*/}" in
    worker*) ;;
    *) first_raw=$((first_raw + raw)) first_gz=$((first_gz + gz)) first_br=$((first_br + br)) ;;
  esac
done < <(find "$DIR" -type f -print0 | sort -z)
printf '%12d %12d %12d  first load (all but worker*)\n' "$first_raw" "$first_gz" "$first_br"
printf '%12d %12d %12d  total (%d files)\n' "$total_raw" "$total_gz" "$total_br" "$n"
