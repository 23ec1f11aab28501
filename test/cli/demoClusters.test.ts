import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/startLanguageServer';

// `npm start`'s clusters (scripts/startDemoClusters.mjs): the demo repository applied to two
// emulators, as Flux would have, with drift injected. The demo is what people see first, so the
// drift it shows is checked exactly.

const script = `
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
const { startDemoClusters } = await import(${JSON.stringify(path.join(repoRoot, 'scripts', 'startDemoClusters.mjs'))});
const { prepareDemoRepo } = await import(${JSON.stringify(path.join(repoRoot, 'scripts', 'startDemo.mjs'))});
const scratch = mkdtempSync(path.join(os.tmpdir(), 'demo-clusters-test-'));
const repo = prepareDemoRepo(path.join(scratch, 'repo'));
const clusters = await startDemoClusters({ repoRoot: ${JSON.stringify(repoRoot)}, demoDir: repo, stateDir: scratch, log: () => undefined });
const results = {};
try {
  for (const environment of ['staging', 'production']) {
    try {
      const stdout = execFileSync(process.execPath, [${JSON.stringify(path.join(repoRoot, 'dist', 'cli.js'))}, 'drift', '--env', environment, '--repo', repo, '--kubeconfig', clusters.kubeconfig, '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      results[environment] = { exit: 0, json: JSON.parse(stdout) };
    } catch (error) {
      results[environment] = { exit: error.status, json: JSON.parse(error.stdout) };
    }
  }
} finally {
  clusters.stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results));
`;

function runModule(source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the demo clusters hold the demo environments as Flux applied them, with exactly the injected drift', async () => {
  const run = await runModule(script);
  assert.equal(run.code, 0, run.stderr);
  const results = JSON.parse(run.stdout) as Record<string, { exit: number; json: { reconciled: { source: string; behind: number }; resources: Array<{ kind: string; name: string; status: string; fields: unknown[]; reason?: string }> } }>;
  const drifted = (environment: string) => results[environment].json.resources.filter((resource) => resource.status !== 'in-sync').map((resource) => [resource.kind, resource.name, resource.status, resource.fields]);
  assert.equal(results.staging.exit, 0, 'staging is in sync at the latest commit');
  assert.equal(results.production.exit, 1);
  assert.equal(results.production.json.reconciled.source, 'flux');
  assert.equal(results.production.json.reconciled.behind, 1);
  assert.deepEqual(drifted('production'), [
    ['ConfigMap', 'cart-debug-flags', 'extra', []],
    ['ConfigMap', 'cart-settings', 'modified', [{ path: 'data.CART_TTL', desired: '30m', live: '2h' }]],
    ['Deployment', 'cart', 'modified', [{ path: 'spec.replicas', desired: 1, live: 4 }]],
    // The demo's deliberate removed-API problem: no cluster of today serves autoscaling/v2beta2.
    ['HorizontalPodAutoscaler', 'frontend', 'unknown', []],
  ]);
});
