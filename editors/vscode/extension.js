// A thin language client: VS Code starts `extpack lsp` and talks to it over standard input
// and output. Everything else (diagnostics, quick fixes, hover, go to definition,
// completion) is the server's.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The extpack program: the setting, else the workspace's npm install, else PATH. */
function program() {
  const configured = vscode.workspace.getConfiguration('extpack').get('path');
  if (configured) {
    return configured;
  }
  const binary = process.platform === 'win32' ? 'extpack.cmd' : 'extpack';
  for (const folder of vscode.workspace.workspaceFolders || []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', binary);
    if (fs.existsSync(local)) {
      return local;
    }
  }
  return 'extpack';
}

function activate(context) {
  const command = program();
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    // extension.json, and the library files whose require() calls are checked.
    documentSelector: [
      { scheme: 'file', pattern: '**/extension.json' },
      { scheme: 'file', language: 'javascript' },
    ],
    // Files changed outside the editor (a build, git): the server registers a file watcher
    // itself (workspace/didChangeWatchedFiles), as it does with every client that can.
  };
  client = new LanguageClient('extpack', 'extpack', serverOptions, clientOptions);
  context.subscriptions.push(client);
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `extpack: cannot start \`${command} lsp\` (${error.message}). Install extpack ` +
        '(`npm install --save-dev extpack` or `cargo install extpack`) or set `extpack.path`.',
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
