#!/usr/bin/env bash
# Benchmark on a real extension: `extpack check` and `extpack pack` side by side with Adobe's
# tools at the versions the project compares against — @adobe/reactor-validator 2.5.0 (check)
# and @adobe/reactor-packager 4.4.0 (pack), installed from the npm registry into a temporary
# folder — in one hyperfine run each, release build, process start to exit. Also times the
# process floor (`extpack --version`).
#
#   bench/real.sh EXTENSION_FOLDER
#
# Adobe's core extension, as the README describes: clone github.com/adobe/reactor-extension-core
# (3.4.4), `npm install --legacy-peer-deps --ignore-scripts` (it has no package-lock.json, so
# `npm ci` cannot run), `npm run build`, then `bench/real.sh path/to/it`.
# Nothing of it is committed here. The folder is copied to a temporary folder first, so that
# neither tool writes into it.
#
# Needs hyperfine (installed with apt-get when missing), node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ne 1 || ! -f "$1/extension.json" ]]; then
  echo "usage: bench/real.sh EXTENSION_FOLDER (a folder that holds extension.json, built)" >&2
  exit 2
fi
source_dir=$(cd "$1" && pwd)

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/extpack"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The extension without its node_modules, except what its library code requires (what both
# tools read): extpack's dry run names every file that goes into the package.
mkdir -p "$work/ext" "$work/out"
"$bin" pack "$source_dir" --dry-run --format json -o "$work/out/x.zip" \
  | python3 -c 'import json,sys; print("\n".join(e["path"] for e in json.load(sys.stdin)["entries"] if not e["path"].endswith("/")))' \
  > "$work/files.list"
(cd "$source_dir" && tar cf - -T "$work/files.list") | (cd "$work/ext" && tar xf -)
for extra in package.json .gitignore; do
  [[ -f "$source_dir/$extra" ]] && cp "$source_dir/$extra" "$work/ext/"
done
echo "extension: $(wc -l < "$work/files.list") files packed, $(du -sh "$work/ext" | cut -f1)"

(cd "$work" && npm init -y >/dev/null \
  && npm install --silent --no-audit --no-fund @adobe/reactor-validator@2.5.0 @adobe/reactor-packager@4.4.0 >/dev/null)
cat > "$work/validate.js" <<'JS'
const validate = require('@adobe/reactor-validator');
const dir = process.argv[2];
const manifest = require(require('path').join(dir, 'extension.json'));
process.chdir(dir);
const error = validate(manifest);
if (error) { console.error(error); process.exit(1); }
JS

"$bin" check "$work/ext" >/dev/null || true
node "$work/validate.js" "$work/ext"

hyperfine -N --warmup 5 --runs 40 --export-markdown "$work/check.md" \
  -n "extpack --version" "$bin --version" \
  -n "extpack check" "$bin check $work/ext" \
  -n "reactor-validator 2.5.0" "node $work/validate.js $work/ext"
hyperfine -N --warmup 3 --runs 30 --export-markdown "$work/pack.md" \
  -n "extpack pack" "$bin pack $work/ext -o $work/out/extpack.zip" \
  -n "reactor-packager 4.4.0" "bash -c 'cd $work/ext && node $work/node_modules/@adobe/reactor-packager/tasks/index.js -o $work/out/adobe.zip >/dev/null'"
cat "$work/check.md" "$work/pack.md"
