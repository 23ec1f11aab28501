// Runs the compiled unit, protocol and CLI tests with Node's test runner (npm test).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const suites = ['out/test/unit', 'out/test/lsp', 'out/test/cli', 'out/test/emulator', 'out/test/cluster', 'out/test/drift'].filter((dir) => existsSync(dir));
const filter = process.argv.slice(2);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...(filter.length > 0 ? filter : suites)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
