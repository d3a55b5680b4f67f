#!/usr/bin/env bash
# Benchmark: `extpack check` on a typical extension (20 features, 40 library files, 60 view
# files, ~1 MB), process start to exit, release build. With --reference, Adobe's validator
# (@adobe/reactor-validator, installed here from the npm registry into a temporary folder) is
# timed on the same extension, side by side. With --large, the extension is the large one
# (400 features, 1,000 library files, 5,000 view files, 150 MB). With --minified, the typical
# extension whose main module is a 4 MB minified bundle on one line (every library module is
# parsed: this is the parser's worst case).
#
#   bench/check.sh [--reference] [--large | --minified]
#
# Needs python3 and hyperfine (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

reference=false
size=(--typical)
for arg in "$@"; do
  case "$arg" in
    --reference) reference=true ;;
    --large) size=() ;;
    --minified) size=(--typical --bundle-mb 4) ;;
    *) echo "usage: bench/check.sh [--reference] [--large | --minified]" >&2; exit 2 ;;
  esac
done

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen-extension.py "$work/ext" "${size[@]}"
bin="$PWD/target/release/extpack"
"$bin" check "$work/ext" >/dev/null   # must be clean

commands=("$bin check $work/ext")
if $reference; then
  (cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund @adobe/reactor-validator@2.5.0 >/dev/null)
  cat > "$work/validate.js" <<'JS'
const validate = require('@adobe/reactor-validator');
const dir = process.argv[2];
const manifest = require(require('path').join(dir, 'extension.json'));
process.chdir(dir);
const error = validate(manifest);
if (error) { console.error(error); process.exit(1); }
JS
  commands+=("node $work/validate.js $work/ext")
fi

hyperfine -N --warmup 10 --runs 100 --export-markdown "$work/result.md" "${commands[@]}"
cat "$work/result.md"
