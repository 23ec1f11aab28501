// Entry point of the extension-host suites, the `extensionTestsPath` of both runners
// (code-server through scripts/testVscode.mjs, desktop VS Code through scripts/runElectronTests.mjs).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** run is called by VS Code inside the extension host; it rejects when any test failed. */
export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: 60_000,
    grep: process.env.GITOPS_WORKBENCH_TEST_GREP || undefined,
  });
  // File-name order, except that the suites which change the environments repository's history
  // (revert, rollback and push commits) run last: the others see it as the runner prepared it.
  const runLast = ['environments.test.js'];
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort((a, b) => Number(runLast.includes(a)) - Number(runLast.includes(b)) || a.localeCompare(b));
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const counts = { passed: 0, failed: 0, pending: 0 };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', () => (counts.passed += 1));
    runner.on('fail', () => (counts.failed += 1));
    runner.on('pending', () => (counts.pending += 1));
  });
  // The code-server runner reads this line from the forwarded console to count results.
  console.log(`[gitops-workbench-suites] ${JSON.stringify(counts)}`);
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
