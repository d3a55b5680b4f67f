#!/usr/bin/env node
// The `extpack` command of the npm package. extpack is a native binary; npm installs the one
// of this platform as an optional dependency (@extpack/cli-<platform>-<arch>, chosen by its
// `os` and `cpu` fields). This launcher finds it and runs it with the same arguments, standard
// streams and exit status, and does nothing else: its whole cost is Node's start-up.
//
// EXTPACK_BINARY=/path/to/extpack runs that binary instead (development, unsupported platforms).
'use strict';

const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const REPOSITORY = 'https://github.com/extpack/extpack';
// `${process.platform}-${process.arch}` → the package with that platform's binary. The same
// names are the optionalDependencies of package.json.
const PACKAGES = {
  'linux-x64': '@extpack/cli-linux-x64',
  'linux-arm64': '@extpack/cli-linux-arm64',
  'darwin-x64': '@extpack/cli-darwin-x64',
  'darwin-arm64': '@extpack/cli-darwin-arm64',
  'win32-x64': '@extpack/cli-win32-x64',
};
// extpack's own exit code for "could not run".
const EXIT_FAILURE = 2;
// Signals passed on to the binary. On Windows a console Ctrl-C reaches every process of the
// console, the binary included, and child.kill() would terminate it at once instead of letting
// it clean up: there the launcher only waits.
const FORWARDED = process.platform === 'win32' ? [] : ['SIGINT', 'SIGTERM'];

const OTHER_WAYS = [
  'Other ways to install extpack:',
  '  cargo install --locked extpack   (builds it with the Rust toolchain)',
  `  a release archive: ${REPOSITORY}/releases`,
  'EXTPACK_BINARY=/path/to/extpack makes this command run that binary.',
];

function fail(lines) {
  process.stderr.write(`extpack: ${lines.join('\n')}\n`);
  process.exit(EXIT_FAILURE);
}

function binaryPath() {
  if (process.env.EXTPACK_BINARY) {
    return process.env.EXTPACK_BINARY;
  }
  const here = `process.platform ${process.platform}, process.arch ${process.arch}`;
  const pkg = PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg) {
    fail([
      `no prebuilt binary for this platform (${here}).`,
      `There are binaries for ${Object.keys(PACKAGES).join(', ')}.`,
      ...OTHER_WAYS,
    ]);
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch (_) {
    fail([
      `the binary for this platform (${here}) is not installed:`,
      `the package ${pkg} was not found. npm installs it with extpack, as an optional`,
      'dependency; it is missing when optional dependencies were left out (--omit=optional,',
      '--no-optional) or node_modules was installed on another platform. Run npm install',
      '(or npm ci) again on this machine.',
      ...OTHER_WAYS,
    ]);
  }
  return path.join(dir, process.platform === 'win32' ? 'extpack.exe' : 'extpack');
}

function run() {
  const binary = binaryPath();
  const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  for (const signal of FORWARDED) {
    process.on(signal, forward);
  }
  if (process.platform === 'win32') {
    process.on('SIGINT', () => {});
  }
  child.on('error', (error) => {
    fail([`cannot run ${binary}: ${error.message}`, ...OTHER_WAYS]);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal, so that the caller sees what the binary saw.
      for (const s of FORWARDED) {
        process.removeListener(s, forward);
      }
      process.kill(process.pid, signal);
      // Still here: the signal is handled or ignored in Node. Exit as a shell reports it.
      process.exit(128 + (os.constants.signals[signal] || 0));
    }
    process.exit(code);
  });
}

if (require.main === module) {
  run();
} else {
  module.exports = { PACKAGES }; // for npm/test.sh
}
