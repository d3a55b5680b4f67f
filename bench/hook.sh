#!/usr/bin/env bash
# Benchmark: the pre-commit hook in a repository with 50 typical extensions (20 features,
# 40 library files, 60 view files each), every one of them touched by the staged change —
# the worst case — release build, process start to exit.
#
#   bench/hook.sh
#
# Needs python3, git and hyperfine (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet
bin="$PWD/target/release/extpack"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 50); do
  python3 bench/gen-extension.py "$work/repo/extensions/ext-$i" --typical --seed "$i" >/dev/null
done
cd "$work/repo"
git init -q
git -c user.name=b -c user.email=b@example.com add -A >/dev/null
git -c user.name=b -c user.email=b@example.com commit -qm initial
for i in $(seq 1 50); do echo "// touched" >> "extensions/ext-$i/src/lib/main.js"; done
git add -A
echo "staged: $(git diff --cached --name-only | wc -l) files in 50 extensions"
"$bin" hook run | tail -1
hyperfine -N --warmup 2 --runs 20 "$bin hook run" "$bin check --all ."
