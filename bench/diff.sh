#!/usr/bin/env bash
# Benchmark: `extpack check --against OLD NEW` against `extpack check NEW` on a typical extension
# (the extra cost of comparing with the previous release), and `extpack diff OLD NEW` on the
# large extension (400 features). NEW is OLD with an edited manifest: a minor version bump, one
# action removed, and in every settings schema an optional property added, a `minimum` raised
# and an `enum` value removed. Release build, process start to exit, hyperfine -N.
#
#   bench/diff.sh
#
# Needs python3 and hyperfine (installed with apt-get when missing). Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/extpack"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A new version of the manifest in $1, written to $2.
edit() {
  python3 - "$1" "$2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
major, minor, _ = m["version"].split(".")[:3]
m["version"] = f"{major}.{int(minor) + 1}.0"
actions = m.get("actions", [])
if actions:
    actions.pop()
for kind in ["events", "conditions", "actions", "dataElements"]:
    for feature in m.get(kind, []):
        props = feature.get("schema", {}).get("properties", {})
        props["addedInNewVersion"] = {"type": "string"}
        for p in props.values():
            if "minimum" in p:
                p["minimum"] += 1
            if "enum" in p:
                p["enum"] = p["enum"][1:]
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
}

python3 bench/gen-extension.py "$work/typical-old" --typical >/dev/null
cp -r "$work/typical-old" "$work/typical-new"
edit "$work/typical-old/extension.json" "$work/typical-new/extension.json"

python3 bench/gen-extension.py "$work/large-old" >/dev/null
mkdir -p "$work/large-new"   # diff reads the manifests only
edit "$work/large-old/extension.json" "$work/large-new/extension.json"

"$bin" diff "$work/large-old" "$work/large-new" | tail -2

hyperfine -N --warmup 10 --min-runs 100 \
  -n "check (typical)" "$bin check $work/typical-new" \
  -n "check --against (typical)" "$bin check --against $work/typical-old $work/typical-new" \
  -n "diff (typical)" "$bin diff $work/typical-old $work/typical-new"
hyperfine -N --warmup 5 --min-runs 30 \
  -n "diff (large)" "$bin diff $work/large-old $work/large-new" \
  -n "diff --format json (large)" "$bin diff --format json $work/large-old $work/large-new"
