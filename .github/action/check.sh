#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml). Runs `extpack check` on the action's inputs,
# given as environment variables, and, with EXTPACK_SARIF=true, once more for the SARIF file;
# writes extpack's exit code to the step output exit-code and exits 0, so that the SARIF
# upload runs before the action fails. npm/test.sh runs it too.
set -uo pipefail

read -r -d '' -a raw_paths <<<"${EXTPACK_PATHS:-.}"
read -r -d '' -a args <<<"${EXTPACK_ARGS:-}"
paths=()
for p in "${raw_paths[@]}"; do
  matches=()
  if [[ $p == *[*?[]* ]]; then mapfile -t matches < <(compgen -G "$p" | sort); fi
  if [[ ${#matches[@]} -gt 0 ]]; then paths+=("${matches[@]}"); else paths+=("$p"); fi
done

echo "extpack check ${paths[*]} ${args[*]}"
code=0
extpack check "${paths[@]}" "${args[@]}" || code=$?

if [[ ${EXTPACK_SARIF:-false} == true ]]; then
  sarif=${EXTPACK_SARIF_FILE:-extpack.sarif}
  rm -f "$sarif"
  extpack check "${paths[@]}" "${args[@]}" --format sarif --output "$sarif" >/dev/null || true
  if [[ ! -s $sarif ]]; then
    echo "::error::extpack wrote no SARIF file ($sarif)"
    code=2
  fi
fi

echo "exit-code=$code" >>"${GITHUB_OUTPUT:-/dev/null}"
