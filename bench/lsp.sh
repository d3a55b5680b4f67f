#!/usr/bin/env bash
# Benchmark: the language server and the watcher on a typical extension (20 features, 40
# library files, 60 view files, ~1 MB), release build. bench/lsp.py drives a real
# `extpack lsp` session over stdio (1,000 edits of extension.json: edit → published
# diagnostics, median, and the server's memory along the way) and a real `check --watch`
# (save → report).
#
#   bench/lsp.sh [--large] [--edits N] [--saves N]
#
# Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."

size=(--typical)
driver_args=()
while (($#)); do
  case "$1" in
    --large) size=() ;;
    --edits | --saves) driver_args+=("$1" "${2:?}"); shift ;;
    *) echo "usage: bench/lsp.sh [--large] [--edits N] [--saves N]" >&2; exit 2 ;;
  esac
  shift
done

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/extpack"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen-extension.py "$work/ext" "${size[@]}" >/dev/null
"$bin" check "$work/ext" >/dev/null   # must be clean
python3 bench/lsp.py "$bin" "$work/ext" "${driver_args[@]}"
