import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './handlers/startServer';

/** The language server entry: `node dist/server.js --stdio` or `--node-ipc`. */
const connection = createConnection(ProposedFeatures.all);
startServer({ connection });
connection.listen();
