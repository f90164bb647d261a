// Starts `halint lsp` for HAProxy configs; everything else is the server's.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('halint').get('path', 'halint');
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  const options = {
    documentSelector: [
      { scheme: 'file', language: 'haproxy' },
      { scheme: 'untitled', language: 'haproxy' },
    ],
  };
  client = new LanguageClient('halint', 'halint', server, options);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
