#!/usr/bin/env bash
# End-to-end test of the npm packages, offline: npm/build.sh packs the main package and this
# machine's platform package, both tarballs are installed into a fresh temporary project with
# `npm install --offline`, and `npx extpack` must behave exactly as the bare binary: same
# version, same output, exit codes 0, 1 and 2 passed through, signals passed both ways. The
# launcher's own error messages are checked too, and the GitHub Action's check step
# (.github/action/check.sh) runs on the installed command.
#
#   npm/test.sh [--profile release|dev]     (default dev: the binary that `cargo test` built)
#
# npm never reaches a registry here: --offline, an empty cache, an empty user config, and a
# registry address on which nothing listens. Skips (exit 0) when npm is not installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=dev
case "${1:-}" in
  '') ;;
  --profile) profile=${2:?} ;;
  *) echo "usage: npm/test.sh [--profile release|dev]" >&2; exit 2 ;;
esac

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "npm/test.sh: SKIPPED: npm or node is not installed, the npm packages were not tested"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_userconfig="$work/npmrc" npm_config_cache="$work/cache" \
  npm_config_registry=http://127.0.0.1:9/ npm_config_offline=true npm_config_audit=false \
  npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=warn
: >"$work/npmrc"

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; shift; printf '    %s\n' "$@"; }
# Runs a command; sets out, err and code.
capture() {
  code=0
  "$@" >"$work/out" 2>"$work/err" || code=$?
  out=$(cat "$work/out") err=$(cat "$work/err")
}

echo "npm/test.sh: node $(node --version), npm $(npm --version), cargo profile $profile"
start=$SECONDS
strip=()
command -v strip >/dev/null && strip=(--strip) # a debug binary packs 6 times faster stripped
mapfile -t tarballs < <("$root/npm/build.sh" "$work/dist" --profile "$profile" "${strip[@]}")
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$root/$target
dir=$profile
[[ $profile == dev ]] && dir=debug
bin=$target/$dir/extpack
version=$(awk '/^\[/ { p = ($0 == "[package]") } p && /^version *=/ { gsub(/^version *= *"|".*$/, ""); print; exit }' "$root/Cargo.toml")
platform=$(node -p 'process.platform + "-" + process.arch')
if [[ ${#tarballs[@]} -eq 2 && ${tarballs[0]} == */extpack-$version.tgz &&
  ${tarballs[1]} == */extpack-cli-$platform-$version.tgz && -f ${tarballs[0]} && -f ${tarballs[1]} ]]; then
  ok "npm/build.sh packed $(basename "${tarballs[0]}") and $(basename "${tarballs[1]}")"
else
  not_ok "npm/build.sh packed the main and the $platform package at $version" "got: ${tarballs[*]}"
fi

# Both tarballs in one command: the main package's optional dependency on this platform's
# package is then met by the local tarball. The other platforms' packages are looked up in the
# (empty) cache only, not found, and dropped as failed optional dependencies.
mkdir "$work/project"
cd "$work/project"
echo '{ "name": "npm-test", "version": "1.0.0", "private": true }' >package.json
if npm install --offline --loglevel silly "${tarballs[@]}" >"$work/install.log" 2>&1; then
  ok "npm install --offline of both tarballs"
else
  not_ok "npm install --offline of both tarballs" "$(tail -20 "$work/install.log")"
fi
if grep -q 'http fetch' "$work/install.log"; then
  not_ok "npm made no request" "$(grep 'http fetch' "$work/install.log")"
else
  ok "npm made no request (the other platforms' packages: $(grep -c 'cache-miss' "$work/install.log") cache misses, skipped)"
fi
installed=$(cd node_modules && echo extpack @extpack/*)
if [[ $installed == "extpack @extpack/cli-$platform" ]]; then
  ok "installed: $installed"
else
  not_ok "installed extpack and @extpack/cli-$platform only" "got: $installed"
fi

capture npx extpack --version
if [[ $code -eq 0 && $out == "extpack $version" && $out == "$("$bin" --version)" ]]; then
  ok "npx extpack --version: $out"
else
  not_ok "npx extpack --version" "exit $code, $out $err"
fi

# The same command through npx and directly, from the same folder: same output, same code.
same_as_binary() { # EXPECTED_CODE ARGS...
  local expected=$1 shown
  shift
  shown="$*"
  shown=${shown//$root\//}
  capture npx extpack "$@"
  local n_out=$out n_err=$err n_code=$code
  capture "$bin" "$@"
  if [[ $n_code -eq $expected && $code -eq $expected && $n_out == "$out" && $n_err == "$err" ]]; then
    ok "npx extpack $shown: exit $n_code, output identical to the binary's"
  else
    not_ok "npx extpack $shown: exit $expected, output identical to the binary's" \
      "npx: exit $n_code" "binary: exit $code" "$(diff <(echo "$n_out$n_err") <(echo "$out$err") | head -10)"
  fi
}
same_as_binary 0 check "$root/testdata/valid/web-minimal"
same_as_binary 1 check "$root/testdata/checks/EP201/trigger"
same_as_binary 2 check "$root/testdata/does-not-exist"
same_as_binary 1 check --format json "$root/testdata/checks/EP201/trigger"

# Signals. A stand-in binary that reports when it is ready, then waits for a signal.
cat >"$work/wait.sh" <<'SH'
#!/usr/bin/env bash
trap 'echo "got INT"; exit 41' INT
trap 'echo "got TERM"; exit 42' TERM
: >"$1"
while :; do sleep 0.05; done
SH
cat >"$work/die.sh" <<'SH'
#!/usr/bin/env bash
kill -TERM $$
SH
chmod +x "$work/wait.sh" "$work/die.sh"

for signal in INT TERM; do
  rm -f "$work/ready"
  EXTPACK_BINARY="$work/wait.sh" node_modules/.bin/extpack "$work/ready" >"$work/out" 2>&1 &
  launcher=$!
  for _ in $(seq 200); do [[ -e $work/ready ]] && break; sleep 0.05; done
  kill -"$signal" "$launcher"
  code=0
  wait "$launcher" || code=$?
  expected=42
  [[ $signal == INT ]] && expected=41
  if [[ $code -eq $expected && $(cat "$work/out") == "got $signal" ]]; then
    ok "SIG$signal to the launcher reaches the binary; its exit code $expected comes back"
  else
    not_ok "SIG$signal forwarded" "exit $code: $(cat "$work/out")"
  fi
done

# (In a command substitution, so that bash's "Terminated" notice goes to /dev/null.)
code=$( { EXTPACK_BINARY="$work/die.sh" node_modules/.bin/extpack; echo $?; } 2>/dev/null)
if [[ $code -eq 143 ]]; then
  ok "a binary killed by SIGTERM: the launcher dies of SIGTERM too (143)"
else
  not_ok "the launcher re-raises the binary's signal" "exit $code"
fi

# The launcher's own failures: exit 2, naming the platform and the other ways to install.
capture env EXTPACK_BINARY="$work/nothing-here" node_modules/.bin/extpack --version
if [[ $code -eq 2 && $err == *"cannot run $work/nothing-here"* ]]; then
  ok "EXTPACK_BINARY that does not exist: exit 2, named"
else
  not_ok "missing EXTPACK_BINARY" "exit $code, $err"
fi

cp node_modules/extpack/bin/extpack.js "$work/lonely.js"
capture node "$work/lonely.js" --version
if [[ $code -eq 2 && $err == *"(process.platform ${platform%-*}, process.arch ${platform#*-})"* &&
  $err == *"@extpack/cli-$platform was not found"* && $err == *"cargo install --locked extpack"* &&
  $err == *releases* ]]; then
  ok "platform package missing: exit 2, names the platform, the package and the alternatives"
else
  not_ok "platform package missing" "exit $code, $err"
fi

echo 'Object.defineProperty(process, "arch", { value: "mips" });' >"$work/mips.js"
capture node --require "$work/mips.js" node_modules/extpack/bin/extpack.js --version
if [[ $code -eq 2 && $err == *"no prebuilt binary for this platform (process.platform ${platform%-*}, process.arch mips)"* &&
  $err == *"cargo install --locked extpack"* ]]; then
  ok "unsupported platform: exit 2, names it and the alternatives"
else
  not_ok "unsupported platform" "exit $code, $err"
fi

# The launcher's table and the main package's optionalDependencies name the same packages.
# shellcheck disable=SC2016 # JavaScript
capture node -e '
  const deps = Object.keys(require("extpack/package.json").optionalDependencies).sort();
  const table = Object.values(require("extpack/bin/extpack.js").PACKAGES).sort();
  console.log(JSON.stringify(deps) === JSON.stringify(table) ? deps.length : `${deps} != ${table}`);'
if [[ $code -eq 0 && $out == 5 ]]; then
  ok "launcher table = optionalDependencies (5 platforms)"
else
  not_ok "launcher table = optionalDependencies" "$out $err"
fi

# The GitHub Action's check step, as the runner runs it with `version: none`: the installed
# extpack on PATH, the inputs in the environment, the exit code in GITHUB_OUTPUT.
action_step() { # PATHS ARGS SARIF
  : >"$work/github_output"
  capture env PATH="$work/project/node_modules/.bin:$PATH" GITHUB_OUTPUT="$work/github_output" \
    EXTPACK_PATHS="$1" EXTPACK_ARGS="$2" EXTPACK_SARIF="$3" EXTPACK_SARIF_FILE="$work/out.sarif" \
    bash "$root/.github/action/check.sh"
  step_output=$(cat "$work/github_output")
}
cd "$root"
action_step $'testdata/valid/web-*\ntestdata/valid/edge-minimal' '--deny-warnings' false
if [[ $code -eq 0 && $step_output == exit-code=0 && $out == *"in 3 extensions"* ]]; then
  ok "action step: wildcard and newline-separated paths, extra arguments: exit-code=0"
else
  not_ok "action step on valid extensions" "exit $code, $step_output" "$out" "$err"
fi
action_step 'testdata/valid/web-minimal testdata/checks/EP201/trigger' '' false
if [[ $code -eq 0 && $step_output == exit-code=1 && $out == *EP201* ]]; then
  ok "action step: findings give exit-code=1 (the step itself passes, the action's last step fails)"
else
  not_ok "action step on a broken extension" "exit $code, $step_output" "$out" "$err"
fi
if "$bin" check --help | grep -q sarif; then
  action_step 'testdata/checks/EP201/trigger' '' true
  if [[ $step_output == exit-code=1 && -s $work/out.sarif ]] &&
    grep -q '"ruleId": *"EP201"' "$work/out.sarif"; then
    ok "action step with sarif: true writes the SARIF file (EP201 in it), exit-code=1"
  else
    not_ok "action step with sarif: true" "$step_output" "$out" "$err"
  fi
else
  echo "skipped - action step with sarif: true (this build of extpack has no --format sarif)"
fi

echo "npm/test.sh: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
