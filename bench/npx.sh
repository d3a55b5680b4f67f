#!/usr/bin/env bash
# Benchmark: what the npm package costs over the bare binary. Packs the npm packages of the
# release build (npm/build.sh), installs them offline into a temporary project, and times
# `extpack check` on a fixture four ways, process start to exit:
#   the bare binary; node_modules/.bin/extpack (the launcher: Node's start-up, then spawn);
#   npx extpack (npm's own start-up first); npm run (a package.json script).
#
#   bench/npx.sh [FIXTURE]      (default testdata/valid/web-full)
#
# Node reads the whole NODE_EXTRA_CA_CERTS bundle at every start-up; where that variable is
# set (this project's machines set it), the runs are repeated without it, as on a typical
# developer's machine. Needs node, npm and hyperfine (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
fixture=$root/${1:-testdata/valid/web-full}

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$root/$target
bin=$target/release/extpack

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_userconfig="$work/npmrc" npm_config_cache="$work/cache" \
  npm_config_registry=http://127.0.0.1:9/ npm_config_offline=true npm_config_audit=false \
  npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=warn
: >"$work/npmrc"
mapfile -t tarballs < <(npm/build.sh "$work/dist" --binary "$bin")
mkdir "$work/project"
cd "$work/project"
cat >package.json <<JSON
{ "name": "bench", "version": "1.0.0", "private": true,
  "scripts": { "lint:extension": "extpack check $fixture" } }
JSON
npm install --offline "${tarballs[@]}" >/dev/null
"$bin" check "$fixture" >/dev/null # must be clean

echo "node $(node --version), npm $(npm --version), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# A table in milliseconds: wall time (mean ± σ, min) and CPU time (user + system, mean), and
# what each costs over the bare binary. On a busy machine the minimum and the CPU time vary
# far less than the mean wall time.
run() {
  hyperfine -N --warmup 5 --runs 40 --export-json "$work/result.json" \
    -n "extpack check (bare binary)" "$bin check $fixture" \
    -n "node_modules/.bin/extpack check" "node_modules/.bin/extpack check $fixture" \
    -n "npx extpack check" "npx extpack check $fixture" \
    -n "npm run lint:extension" "npm run --silent lint:extension" \
    -n "node -e 0 (Node's start-up alone)" "node -e 0" >/dev/null
  node - "$work/result.json" <<'JS'
const { results } = require(process.argv[2]);
const ms = (s) => (s * 1000).toFixed(1);
const [bare] = results;
const cpu = (r) => r.user + r.system;
console.log('| command | wall, mean ± σ | wall, min | CPU (user + sys) | over the bare binary (min / CPU) |');
console.log('|---|---:|---:|---:|---:|');
for (const r of results) {
  const over = r === bare ? '—' : `+${ms(r.min - bare.min)} / +${ms(cpu(r) - cpu(bare))}`;
  console.log(`| \`${r.command}\` | ${ms(r.mean)} ± ${ms(r.stddev)} | ${ms(r.min)} | ${ms(cpu(r))} | ${over} |`);
}
JS
}
if [[ -n ${NODE_EXTRA_CA_CERTS:-} ]]; then
  echo
  echo "With NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS (as this machine is set up):"
  run
  echo
  echo "Without NODE_EXTRA_CA_CERTS:"
  (unset NODE_EXTRA_CA_CERTS && run)
else
  run
fi
