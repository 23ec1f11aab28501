// The environments workspace of the VS Code tests: test/vscode/fixtures/environments-repo made a git
// repository with three commits, and the kube emulator seed that gives its environments a known
// live state (see the fixture's deploy/README.md).
import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { applySetKeys } from '../../../server/src/engine/cluster/status/applySetKeys';
import { applySetParentRef } from '../../../server/src/engine/cluster/status/applySetParentRef';
import { buildApplySetParent } from '../../../server/src/engine/cluster/status/buildApplySetParent';
import { git } from '../buildFixtureRepo';
import { startEmulator, type RunningEmulator } from './kubeEmulator';

/** The commits of the prepared repository (full ids), in order. */
export interface EnvironmentsRepoCommits {
  /** 1: both environments (staging LOG_LEVEL info, production 2 replicas). */
  initial: string;
  /** 2: "Set staging log level to debug". */
  stagingLogLevel: string;
  /** 3: "Scale production web to 3 replicas": pending for production. */
  productionScale: string;
}

export const environmentsCommitSubjects = {
  initial: 'Add staging and production',
  stagingLogLevel: 'Set staging log level to debug',
  productionScale: 'Scale production web to 3 replicas',
} as const;

export const environments = {
  staging: { name: 'staging', namespace: 'shop-staging' },
  production: { name: 'production', namespace: 'shop-production' },
} as const;

/**
 * prepareEnvironmentsRepo copies the fixture to `target` (on top of the `base` folders' files,
 * when given) and makes it a git repository on `main` with the three commits, dated in the last
 * days so the tree shows plausible ages. The repository has its own user.name/email (revert and
 * rollback commit as that user).
 */
export function prepareEnvironmentsRepo(args: { repoRoot: string; target: string; base?: string[] }): EnvironmentsRepoCommits {
  const fixture = path.join(args.repoRoot, 'test', 'vscode', 'fixtures', 'environments-repo');
  for (const base of args.base ?? []) cpSync(base, args.target, { recursive: true });
  cpSync(fixture, args.target, { recursive: true });
  const dir = args.target;
  const staging = path.join(dir, 'deploy', 'staging', 'settings.yaml');
  const production = path.join(dir, 'deploy', 'production', 'web.yaml');
  const stagingFinal = readFileSync(staging, 'utf8');
  const productionFinal = readFileSync(production, 'utf8');
  const hour = 3600_000;
  const now = Math.floor(Date.now() / hour) * hour;
  const commit = (message: string, when: number): string => {
    const date = `${Math.floor(when / 1000)} +0000`;
    git(dir, ['add', '--all']);
    git(dir, ['commit', '--quiet', '--no-gpg-sign', '-m', message], { env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'Dana Ops', GIT_AUTHOR_EMAIL: 'dana@shop.example', GIT_COMMITTER_NAME: 'Dana Ops', GIT_COMMITTER_EMAIL: 'dana@shop.example' } });
    return git(dir, ['rev-parse', 'HEAD']);
  };
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['config', 'user.name', 'Workbench Tester']);
  git(dir, ['config', 'user.email', 'tester@shop.example']);
  writeFileSync(staging, replaceOnce(stagingFinal, 'LOG_LEVEL: debug', 'LOG_LEVEL: info'));
  writeFileSync(production, replaceOnce(productionFinal, 'replicas: 3', 'replicas: 2'));
  const initial = commit(environmentsCommitSubjects.initial, now - 3 * 24 * hour);
  writeFileSync(staging, stagingFinal);
  const stagingLogLevel = commit(environmentsCommitSubjects.stagingLogLevel, now - 26 * hour);
  writeFileSync(production, productionFinal);
  const productionScale = commit(environmentsCommitSubjects.productionScale, now - 5 * hour);
  return { initial, stagingLogLevel, productionScale };
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the environments fixture no longer contains "${from}"`);
  return text.replace(from, to);
}

/**
 * environmentsSeed is the kube emulator seed (a YAML stream): staging applied at commit 2 exactly
 * as Git has it; production applied at commit 1 and changed by hand since (web scaled to 2 and on
 * nginx:1.27.4, web-settings deleted). Production's extra ConfigMap debug-flags is not in the
 * seed: see environmentsAppliedByWorkbench.
 */
export function environmentsSeed(commits: EnvironmentsRepoCommits): string {
  const kinds = [
    { group: 'apps', kind: 'Deployment' },
    { group: '', kind: 'Service' },
    { group: '', kind: 'ConfigMap' },
  ];
  const documents: Record<string, unknown>[] = [];
  for (const environment of [environments.staging, environments.production]) {
    documents.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: environment.namespace } });
  }
  const member = (environment: { name: string; namespace: string }, object: Record<string, unknown>): Record<string, unknown> => {
    const metadata = object.metadata as Record<string, unknown>;
    const labels = { ...((metadata.labels as Record<string, string> | undefined) ?? {}), [applySetKeys.partOf]: applySetParentRef({ environment }).id };
    return { ...object, metadata: { ...metadata, namespace: environment.namespace, labels } };
  };
  const deployment = (replicas: number, image: string): Record<string, unknown> => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image,
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            },
          ],
        },
      },
    },
  });
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
  const settings = (level: string): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-settings' }, data: { LOG_LEVEL: level, FEATURE_CHECKOUT_V2: 'true' } });

  const { staging, production } = environments;
  documents.push(
    member(staging, deployment(1, 'nginx:1.27.3')),
    member(staging, service),
    member(staging, settings('debug')),
    buildApplySetParent({ environment: staging, version: '0.1.0', kinds, revision: commits.stagingLogLevel, ref: 'refs/heads/main', appliedAt: new Date(Date.now() - 20 * 3600_000).toISOString() }),
    member(production, deployment(2, 'nginx:1.27.4')),
    member(production, service),
    buildApplySetParent({ environment: production, version: '0.1.0', kinds, revision: commits.initial, ref: 'refs/heads/main', appliedAt: new Date(Date.now() - 60 * 3600_000).toISOString() }),
  );
  return documents.map((document) => stringify(document)).join('---\n');
}

/**
 * environmentsAppliedByWorkbench is what an earlier push sync of production applied and Git no
 * longer has: the ConfigMap debug-flags, a member of production's ApplySet whose only field
 * manager is gitops-workbench — so the Environments view shows it as extra and a sync may prune it
 * (an object someone else applied is never pruned).
 */
export function environmentsAppliedByWorkbench(): string {
  const { production } = environments;
  return stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'debug-flags', namespace: production.namespace, labels: { [applySetKeys.partOf]: applySetParentRef({ environment: production }).id } },
    data: { VERBOSE: 'true' },
  });
}

/**
 * startEnvironmentsEmulator starts a kube emulator with the environments' live state: the seed,
 * then environmentsAppliedByWorkbench server-side applied by the real kubectl with the field
 * manager gitops-workbench. Each call is a fresh, independent cluster.
 */
export async function startEnvironmentsEmulator(args: { repoRoot: string; commits: EnvironmentsRepoCommits; dir: string; name: string; logFile: string }): Promise<RunningEmulator> {
  const seed = path.join(args.dir, `${args.name}-seed.yaml`);
  writeFileSync(seed, environmentsSeed(args.commits));
  const emulator = await startEmulator({ repoRoot: args.repoRoot, kubeconfig: path.join(args.dir, `${args.name}-kubeconfig`), seeds: [seed], logFile: args.logFile });
  try {
    await new Promise<void>((resolve, reject) => {
      const child = execFile('kubectl', ['--kubeconfig', emulator.kubeconfig, 'apply', '--server-side', '--field-manager=gitops-workbench', '-f', '-'], { encoding: 'utf8' }, (error, _stdout, stderr) =>
        error ? reject(new Error(`kubectl apply of the objects gitops-workbench applied: ${stderr || error.message}`)) : resolve(),
      );
      child.stdin?.end(environmentsAppliedByWorkbench());
    });
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return emulator;
}
