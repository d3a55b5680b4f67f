#!/usr/bin/env bash
# Builds the VS Code extension into a .vsix, with @vscode/vsce from the npm registry (the
# marketplace is never contacted): editors/vscode/build.sh [OUT.vsix]
# The version is Cargo.toml's; the licence files are copied in for the package.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/extpack.vsix}
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "editors/vscode/build.sh: node and npm are needed; installing them (Debian packages)" >&2
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Build in a copy, so the source folder gets no node_modules and the version stays 0.0.0.
cp "$here/package.json" "$here/package-lock.json" "$here/extension.js" "$here/README.md" \
  "$here/.vscodeignore" "$work/"
cp "$root/LICENSE-MIT" "$work/LICENSE"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
cd "$work"
node --check extension.js
npm pkg set version="$version"
npm ci --no-audit --no-fund --loglevel=error
npx --no-install vsce package --out "$out" >/dev/null
# The package holds the client and its runtime dependency, and not the packaging tool.
listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$out")
for wanted in extension/extension.js extension/package.json \
  extension/node_modules/vscode-languageclient/node.js; do
  grep -qx "$wanted" <<<"$listing" || { echo "$out lacks $wanted" >&2; exit 1; }
done
if grep -q "node_modules/@vscode/vsce/" <<<"$listing"; then
  echo "$out holds the packaging tool" >&2
  exit 1
fi
echo "ok: $out ($(wc -c <"$out") bytes, extpack $version)"
