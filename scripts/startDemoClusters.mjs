// The demo's clusters for `npm start`: one Kubernetes API emulator per environment of the demo
// repository (contexts kind-staging and kind-production, as its .gitops-workbench.yaml names them),
// each holding that environment as applied by kubectl, with a little drift injected so the
// Environments view has something to show. Needs kubectl on PATH (for `kubectl kustomize` and
// `kubectl apply`); without it the demo runs without clusters and says so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';

/** The demo's environments, their contexts, and the drift injected into each, as kubectl commands. */
const demoClusters = [
  // Staging: Flux applied the latest commit and nothing drifted.
  { context: 'kind-staging', overlay: 'apps/staging', fluxKustomization: 'clusters/staging/apps.yaml', reconciled: 'head', drift: [] },
  // Production: Flux applied the first commit (one is pending), and someone changed things by hand.
  {
    context: 'kind-production',
    overlay: 'apps/production',
    fluxKustomization: 'clusters/production/apps.yaml',
    reconciled: 'first',
    drift: [
      ['scale', '-n', 'shop', 'deployment/cart', '--replicas=4'],
      ['patch', '-n', 'shop', 'configmap/cart-settings', '--type=merge', '-p', '{"data":{"CART_TTL":"2h"}}'],
    ],
    // An object created by hand with Flux's labels: Flux would prune it, the view calls it extra.
    extra: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart-debug-flags\n  namespace: shop\n  labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: flux-system}\ndata: {TRACE: "true"}\n',
  },
];

/** withFluxLabels labels every object of a YAML stream as kustomize-controller does for Kustomization flux-system/apps. */
function withFluxLabels(stream) {
  return parseAllDocuments(stream)
    .map((document) => document.toJS())
    .filter((object) => object && typeof object === 'object')
    .map((object) => {
      object.metadata = { ...object.metadata, labels: { ...object.metadata?.labels, 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } };
      return stringify(object);
    })
    .join('---\n');
}

/** reconcileAsFlux writes the Flux Kustomization and, through /status, what kustomize-controller would report: `revision` applied and Ready. */
function reconcileAsFlux(kubeconfig, repoRoot, demoDir, file, revision) {
  kubectl(kubeconfig, ['apply', '--server-side', '-f', path.join(repoRoot, 'scripts', 'demo', 'flux-crds.yaml')]);
  kubectl(kubeconfig, ['apply', '--server-side', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata: {name: flux-system}\n');
  kubectl(kubeconfig, ['apply', '--server-side', '--validate=false', '-f', path.join(demoDir, file)]);
  // The GitRepository already fetched the branch head; the Kustomization has not applied it yet.
  kubectl(kubeconfig, ['apply', '--server-side', '--validate=false', '-f', path.join(demoDir, path.dirname(file), 'flux-system', 'gotk-sync.yaml')]);
  const head = spawnSync('git', ['-C', demoDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const fetched = { status: { artifact: { revision: `main@sha1:${head}`, lastUpdateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for revision 'main@sha1:${head}'`, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] } };
  kubectl(kubeconfig, ['patch', 'gitrepository', 'flux-system', '-n', 'flux-system', '--subresource=status', '--type=merge', '-p', JSON.stringify(fetched)]);
  const applied = `main@sha1:${revision}`;
  const status = {
    status: {
      lastAppliedRevision: applied,
      lastAttemptedRevision: applied,
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${applied}`, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), observedGeneration: 1 }],
    },
  };
  kubectl(kubeconfig, ['patch', 'kustomization', 'apps', '-n', 'flux-system', '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
}

function kubectl(kubeconfig, args, input) {
  return spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', input });
}

function waitForFile(file, child, timeoutMs) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = setInterval(() => {
      if (existsSync(file)) {
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error(`the emulator did not start (exit ${child.exitCode})`));
      }
    }, 50);
  });
}

/**
 * startDemoClusters starts the emulators, applies the demo environments and injects drift; it
 * returns the merged kubeconfig (one context per environment) and a stop function. Resolves to
 * undefined, after saying why, when kubectl is missing.
 */
export async function startDemoClusters({ repoRoot, demoDir, stateDir, log = (text) => process.stdout.write(text) }) {
  if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0) {
    log('(kubectl is not on PATH: the demo starts without clusters; the Environments view will say the cluster is unreachable.)\n');
    return undefined;
  }
  const children = [];
  const merged = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': demoClusters[0].context, preferences: {} };
  try {
    for (const cluster of demoClusters) {
      const kubeconfig = path.join(stateDir, `${cluster.context}.kubeconfig`);
      const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'kube-emulator.js'), '--port', '0', '--write-kubeconfig', kubeconfig], { stdio: 'ignore' });
      children.push(child);
      await waitForFile(kubeconfig, child, 20000);
      const rendered = kubectl(kubeconfig, ['kustomize', path.join(demoDir, cluster.overlay)]);
      if (rendered.status !== 0) throw new Error(`kubectl kustomize ${cluster.overlay}: ${rendered.stderr}`);
      // The demo keeps deliberate problems (a removed API among them) that no cluster accepts:
      // kubectl applies the rest and names those.
      const applied = kubectl(kubeconfig, ['apply', '--server-side', '--validate=false', '--field-manager', 'kustomize-controller', '-f', '-'], withFluxLabels(rendered.stdout));
      if (applied.status !== 0) log(`(${cluster.context}: kubectl apply left out what the cluster refuses: ${applied.stderr.trim().split('\n').join('; ')})\n`);
      const revision = spawnSync('git', ['-C', demoDir, ...(cluster.reconciled === 'head' ? ['rev-parse', 'HEAD'] : ['rev-list', '--max-parents=0', 'HEAD'])], { encoding: 'utf8' }).stdout.trim();
      reconcileAsFlux(kubeconfig, repoRoot, demoDir, cluster.fluxKustomization, revision);
      for (const args of cluster.drift) kubectl(kubeconfig, args);
      if (cluster.extra) kubectl(kubeconfig, ['apply', '--server-side', '-f', '-'], cluster.extra);
      const own = parse(readFileSync(kubeconfig, 'utf8'));
      const admin = own.contexts.find((context) => context.name === own['current-context']).context;
      merged.clusters.push({ name: cluster.context, cluster: own.clusters.find((entry) => entry.name === admin.cluster).cluster });
      merged.users.push({ name: `${cluster.context}-admin`, user: own.users.find((entry) => entry.name === admin.user).user });
      merged.contexts.push({ name: cluster.context, context: { cluster: cluster.context, user: `${cluster.context}-admin`, namespace: 'shop' } });
    }
  } catch (error) {
    for (const child of children) child.kill('SIGTERM');
    throw error;
  }
  const kubeconfig = path.join(stateDir, 'kubeconfig');
  writeFileSync(kubeconfig, stringify(merged), { mode: 0o600 });
  log(`Demo clusters: ${demoClusters.map((cluster) => cluster.context).join(', ')} (kube API emulators; kubeconfig ${kubeconfig})\n`);
  return { kubeconfig, stop: () => children.forEach((child) => child.kill('SIGTERM')) };
}
