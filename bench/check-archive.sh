#!/usr/bin/env bash
# Benchmark: `extpack check` on a ~150 MB zip archive (the large extension of
# bench/gen-extension.py: 400 features, 1,000 library files with require graphs, 5,000 view
# files), release build, process start to exit. The archive is read in place: extpack reads
# its central directory, extension.json and the JavaScript files of the require graph, never
# the views. Prints hyperfine's table and the peak resident memory (/usr/bin/time -v).
#
#   bench/check-archive.sh [--keep DIR]
#
# Needs python3, zip, hyperfine and GNU time (installed with apt-get when missing).
# Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=""
if [[ "${1:-}" == "--keep" ]]; then keep="${2:?--keep needs a folder}"; fi

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v zip >/dev/null || need+=(zip)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/extpack"

work=${keep:-$(mktemp -d)}
[[ -n "$keep" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
if [[ ! -f "$work/large.zip" ]]; then
  python3 bench/gen-extension.py "$work/ext" --force
  (cd "$work/ext" && zip -qr ../large.zip .)
fi
ls -l "$work/large.zip" | awk '{printf "archive: %.1f MB\n", $5 / 1e6}'

# Must run without errors (the generator's README.md, package.json, node_modules and
# .DS_Store are in the archive: one EP023 warning).
"$bin" check "$work/large.zip" >/dev/null

hyperfine -N --warmup 10 --runs 100 --export-markdown "$work/result.md" "$bin check $work/large.zip"
cat "$work/result.md"
/usr/bin/time -v "$bin" check "$work/large.zip" 2>&1 >/dev/null | grep -E "Maximum resident|Elapsed"
