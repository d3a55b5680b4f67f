#!/usr/bin/env bash
# Benchmark of `extpack pack`, release build, process start to exit, side by side with:
#   - on a large extension (400 features, 1,000 library files, 5,000 view files, 150 MB:
#     bench/gen-extension.py's defaults), `zip -q -6` of exactly the same file set, and the
#     peak memory of both (/usr/bin/time -v);
#   - on a typical extension (20 features, ~1 MB), `zip -q -6` of the same file set and Adobe's
#     packager (@adobe/reactor-packager, installed here from the npm registry into a temporary
#     folder). zip's figure also shows how fast the machine is running at the time: on these
#     shared virtual machines the same work takes up to a third longer at some times than at
#     others.
#
#   bench/pack.sh [--skip-reference] [--typical]
#
# --typical runs only the typical extension's comparison (a minute instead of five).
#
# Needs python3, hyperfine, zip and GNU time (installed with apt-get when missing), and npm
# for the reference packager.
set -euo pipefail
cd "$(dirname "$0")/.."

reference=true
large=true
for arg in "$@"; do
  case "$arg" in
    --skip-reference) reference=false ;;
    --typical) large=false ;;
    *) echo "usage: bench/pack.sh [--skip-reference] [--typical]" >&2; exit 2 ;;
  esac
done

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v zip >/dev/null || need+=(zip)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi
cargo build --release --locked --quiet
bin="$PWD/target/release/extpack"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen-extension.py "$work/typical" --typical >/dev/null
if $large; then
  python3 bench/gen-extension.py "$work/large" >/dev/null

  # The same file set for zip: what extpack would pack (folder entries aside).
  "$bin" pack "$work/large" --dry-run --format json -o "$work/x.zip" \
    | python3 -c 'import json,sys; print("\n".join(e["path"] for e in json.load(sys.stdin)["entries"] if not e["path"].endswith("/")))' \
    > "$work/large.list"
  echo "large extension: $(wc -l < "$work/large.list") files, $(du -sh --apparent-size "$work/large" | cut -f1)"

  hyperfine -N --warmup 1 --runs 5 --export-markdown "$work/large.md" \
    -n "extpack pack" "$bin pack $work/large -o $work/extpack.zip" \
    -n "zip -q -6" "bash -c 'cd $work/large && rm -f $work/zip.zip && zip -q -6 -X $work/zip.zip -@ < $work/large.list'"

  echo "peak memory (maximum resident set size):"
  /usr/bin/time -v "$bin" pack "$work/large" -o "$work/extpack.zip" 2>&1 >/dev/null | grep -E "Maximum resident" | sed 's/^/  extpack pack: /'
  /usr/bin/time -v bash -c "cd $work/large && rm -f $work/zip.zip && zip -q -6 -X $work/zip.zip -@ < $work/large.list" 2>&1 >/dev/null \
    | grep -E "Maximum resident" | sed 's/^/  zip -q -6:    /'
  stat -c '  %s bytes  %n' "$work/extpack.zip" "$work/zip.zip"
fi

"$bin" pack "$work/typical" --dry-run --format json -o "$work/x.zip" \
  | python3 -c 'import json,sys; print("\n".join(e["path"] for e in json.load(sys.stdin)["entries"] if not e["path"].endswith("/")))' \
  > "$work/typical.list"
commands=(-n "extpack pack" "$bin pack $work/typical -o $work/typical.zip"
  -n "zip -q -6" "bash -c 'cd $work/typical && rm -f $work/typical-zip.zip && zip -q -6 -X $work/typical-zip.zip -@ < $work/typical.list'")
if $reference; then
  (cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund @adobe/reactor-packager >/dev/null)
  commands+=(-n "reactor-packager" "bash -c 'cd $work/typical && node $work/node_modules/@adobe/reactor-packager/tasks/index.js -o $work/adobe.zip >/dev/null'")
fi
hyperfine -N --warmup 5 --runs 60 --export-markdown "$work/typical.md" "${commands[@]}"
if $large; then cat "$work/large.md"; fi
cat "$work/typical.md"
