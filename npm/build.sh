#!/usr/bin/env bash
# Builds extpack's npm packages as `npm pack` tarballs in OUTDIR: the main package `extpack`
# (npm/extpack/: the launcher) and the platform package @extpack/cli-<platform>-<arch>
# (npm/platform/ is its template: the binary only). Every package.json gets the version of
# Cargo.toml, the one source of truth; the files under npm/ are not changed.
#
#   npm/build.sh OUTDIR [--binary FILE] [--platform OS-ARCH] [--profile release|dev]
#                       [--only main|platform] [--strip]
#
#   --binary FILE      pack this binary instead of building one (the release workflow builds it
#                      for its target first)
#   --platform OS-ARCH the platform package to fill, named as Node names the platform
#                      (process.platform-process.arch: linux-x64, darwin-arm64, win32-x64, ...);
#                      default: this machine's, as the launcher will look it up
#   --profile NAME     the cargo profile to build (default release; `dev` reuses the debug
#                      binary of `cargo test`)
#   --only WHICH       write only the main or only the platform tarball
#   --strip            strip the packed copy of the binary with the host's `strip` (a debug
#                      binary is 116 MB, 19 MB stripped)
#
# Prints the path of each tarball written. Needs node and npm; cargo unless --binary is given.
# Honours CARGO_TARGET_DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

usage() {
  sed -n '2,21s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

[[ $# -ge 1 && $1 != -* ]] || usage
out=$1
shift
binary='' platform='' profile=release only='' strip=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) binary=${2:?}; shift 2 ;;
    --platform) platform=${2:?}; shift 2 ;;
    --profile) profile=${2:?}; shift 2 ;;
    --only) only=${2:?}; shift 2 ;;
    --strip) strip=true; shift ;;
    *) usage ;;
  esac
done
case $only in '' | main | platform) ;; *) usage ;; esac

# The version of the [package] section of Cargo.toml.
version=$(awk '/^\[/ { in_package = ($0 == "[package]") }
  in_package && /^version *=/ { gsub(/^version *= *"|".*$/, ""); print; exit }' "$root/Cargo.toml")
[[ -n $version ]] || { echo "npm/build.sh: no version in Cargo.toml" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# Writes package.json from a template, with the version (also of the optional dependencies)
# and, for a platform package, its name, os, cpu and binary.
stamp() { # TEMPLATE DEST [PLATFORM BINARY_NAME]
  node - "$1" "$2" "${3:-}" "${4:-}" "$version" <<'JS'
const fs = require('fs');
const [template, dest, platform, binaryName, version] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(template, 'utf8'));
pkg.version = version;
for (const name of Object.keys(pkg.optionalDependencies || {})) {
  pkg.optionalDependencies[name] = version;
}
if (platform) {
  const [os, cpu] = platform.split('-');
  pkg.name = pkg.name.replace('PLATFORM', platform);
  pkg.description = pkg.description.replace('PLATFORM', platform);
  pkg.os = [os];
  pkg.cpu = [cpu];
  pkg.files = pkg.files.map((f) => (f === 'BINARY' ? binaryName : f));
}
fs.writeFileSync(dest, JSON.stringify(pkg, null, 2) + '\n');
JS
}

pack() { # DIR
  (cd "$1" && npm pack --silent --ignore-scripts --pack-destination "$out") | sed "s|^|$out/|"
}

if [[ $only != platform ]]; then
  mkdir "$stage/main"
  cp -R "$root/npm/extpack/bin" "$root/npm/extpack/README.md" "$root/LICENSE-MIT" \
    "$root/LICENSE-APACHE" "$stage/main/"
  chmod 755 "$stage/main/bin/extpack.js"
  stamp "$root/npm/extpack/package.json" "$stage/main/package.json"
  pack "$stage/main"
fi

if [[ $only != main ]]; then
  [[ -n $platform ]] || platform=$(node -p 'process.platform + "-" + process.arch')
  [[ $platform == *-* ]] || { echo "npm/build.sh: --platform must be OS-ARCH, not $platform" >&2; exit 2; }
  name=extpack
  [[ $platform == win32-* ]] && name=extpack.exe
  if [[ -z $binary ]]; then
    (cd "$root" && cargo build --locked --quiet --profile "$profile")
    dir=$profile
    [[ $profile == dev ]] && dir=debug
    target=${CARGO_TARGET_DIR:-target}
    [[ $target == /* ]] || target=$root/$target
    binary=$target/$dir/$name
  fi
  [[ -f $binary ]] || { echo "npm/build.sh: no binary at $binary" >&2; exit 1; }
  mkdir "$stage/platform"
  cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/platform/"
  sed "s/PLATFORM/$platform/g" "$root/npm/platform/README.md" >"$stage/platform/README.md"
  cp "$binary" "$stage/platform/$name"
  chmod 755 "$stage/platform/$name"
  if $strip; then strip "$stage/platform/$name"; fi
  stamp "$root/npm/platform/package.json" "$stage/platform/package.json" "$platform" "$name"
  pack "$stage/platform"
fi
