import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverEnvironments } from '../../../server/src/engine/environments/discoverEnvironments';
import type { Environment } from '../../../server/src/engine/environments/Environment';
import { copyFixtureRepo } from './copyFixtureRepo';

/** summary keeps the fields every layout must get exactly right. */
function summary(environment: Environment): Record<string, unknown> {
  const { name, source, paths, inputs, namespace, context, reconciler, branch } = environment;
  return { name, source, paths, inputs, namespace, context, reconciler, branch };
}

const base = ['apps/base/deployment.yaml', 'apps/base/kustomization.yaml', 'apps/base/settings.yaml'];
const infrastructure = ['infrastructure/controllers/kustomization.yaml', 'infrastructure/controllers/namespaces.yaml'];

test('flux monorepo: one environment per cluster directory, with every Kustomization path and the shared base in its inputs', () => {
  const root = copyFixtureRepo('flux-monorepo', { remote: 'git@github.com:example/fleet.git' });
  const { environments, problems } = discoverEnvironments({ root });
  assert.deepEqual(problems, []);
  assert.deepEqual(environments.map(summary), [
    {
      name: 'production', source: 'flux', reconciler: 'flux', branch: 'main', namespace: undefined, context: undefined,
      paths: ['apps/overlays/production', 'apps/podinfo', 'clusters/production', 'infrastructure/controllers'],
      inputs: [...base, 'apps/overlays/production/frontend-resources.yaml', 'apps/overlays/production/kustomization.yaml', 'apps/podinfo', 'charts/podinfo', 'clusters/production', ...infrastructure],
    },
    {
      name: 'staging', source: 'flux', reconciler: 'flux', branch: 'main', namespace: undefined, context: undefined,
      paths: ['apps/overlays/staging', 'clusters/staging', 'infrastructure/controllers'],
      inputs: [...base, 'apps/overlays/staging/kustomization.yaml', 'clusters/staging', ...infrastructure],
    },
  ]);
  const staging = environments[1].flux?.kustomizations ?? [];
  assert.deepEqual(staging.map((kustomization) => [kustomization.name, kustomization.path, kustomization.file, kustomization.line]), [
    ['apps', 'apps/overlays/staging', 'clusters/staging/apps.yaml', 1],
    ['flux-system', 'clusters/staging', 'clusters/staging/flux-system/gotk-sync.yaml', 13],
    ['infrastructure', 'infrastructure/controllers', 'clusters/staging/infrastructure.yaml', 1],
  ]);
  const apps = staging[0];
  assert.equal(apps.targetNamespace, 'shop-staging');
  assert.deepEqual(apps.dependsOn, [{ name: 'infrastructure' }]);
  assert.deepEqual(apps.sourceRef, { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system', url: 'https://github.com/example/fleet.git', branch: 'main', inThisRepository: true });
  assert.deepEqual(apps.postBuild, {
    substitute: { cluster_name: 'staging', replicas: '2' },
    substituteFrom: [{ kind: 'ConfigMap', name: 'cluster-vars', optional: false }, { kind: 'Secret', name: 'cluster-secrets', optional: true }],
  });
});

test('flux: Kustomizations whose GitRepository is another repository are not followed', () => {
  const root = copyFixtureRepo('flux-monorepo', { remote: 'https://github.com/example/other.git' });
  const staging = discoverEnvironments({ root }).environments.find((environment) => environment.name === 'staging');
  assert.deepEqual(staging?.paths, ['clusters/staging']);
  assert.equal(staging?.flux?.kustomizations.every((kustomization) => !kustomization.sourceRef.inThisRepository), true);
});

test('argocd: Applications, list and git-directory ApplicationSets, remote charts; overlays taken in are not environments of their own', () => {
  const root = copyFixtureRepo('argocd-apps', { remote: 'https://github.com/example/argo-apps.git' });
  const { environments, problems } = discoverEnvironments({ root });
  assert.deepEqual(problems, []);
  const argo = (name: string, paths: string[], inputs: string[], namespace: string, branch?: string): Record<string, unknown> =>
    ({ name, source: 'argocd', paths, inputs, namespace, context: undefined, reconciler: 'argocd', branch });
  assert.deepEqual(environments.map(summary), [
    argo('guestbook', ['apps/guestbook'], ['apps/guestbook'], 'guestbook', 'main'),
    argo('podinfo', ['charts/podinfo'], ['charts/podinfo', 'values/podinfo-prod.yaml'], 'podinfo'),
    argo('redis', [], [], 'redis'),
    argo('svc-api', ['services/api'], ['services/api'], 'api'),
    argo('svc-worker', ['services/worker'], ['services/worker'], 'worker'),
    argo('web-dev', ['apps/web/overlays/dev'], ['apps/web/base/deployment.yaml', 'apps/web/base/kustomization.yaml', 'apps/web/overlays/dev/kustomization.yaml'], 'web-dev', 'main'),
    argo('web-qa', ['apps/web/overlays/qa'], ['apps/web/base/deployment.yaml', 'apps/web/base/kustomization.yaml', 'apps/web/overlays/qa/kustomization.yaml'], 'web-qa', 'main'),
  ]);
  const webDev = environments[5].argocd?.applications[0];
  assert.equal(webDev?.applicationSet, 'web');
  assert.deepEqual(webDev?.destination, { server: 'https://dev.example.com', namespace: 'web-dev' });
  assert.deepEqual(environments[2].argocd?.applications[0].sources, [{ repoURL: 'https://charts.bitnami.com/bitnami', chart: 'redis', targetRevision: '18.0.0', inThisRepository: false }]);
});

test('kustomize overlays: overlays/<env> and envs/<env> with their bases, components, patches and generator files', () => {
  const root = copyFixtureRepo('kustomize-overlays');
  const baseFiles = ['base/deployment.yaml', 'base/kustomization.yaml', 'base/service.yaml'];
  const overlay = (name: string, paths: string[], inputs: string[]): Record<string, unknown> =>
    ({ name, source: 'kustomize', paths, inputs, namespace: undefined, context: undefined, reconciler: 'push', branch: undefined });
  assert.deepEqual(discoverEnvironments({ root }).environments.map(summary), [
    overlay('dev', ['envs/dev'], [...baseFiles, 'envs/dev/kustomization.yaml']),
    overlay('production', ['overlays/production'], [...baseFiles, 'overlays/production/kustomization.yaml']),
    overlay('staging', ['overlays/staging'], [
      ...baseFiles, 'components/monitoring/alerts.yaml', 'components/monitoring/kustomization.yaml',
      'overlays/staging/api.env', 'overlays/staging/kustomization.yaml', 'overlays/staging/replicas.yaml',
    ]),
  ]);
});

test('config file: its environments win over discovery, with files and directories as paths', () => {
  const root = copyFixtureRepo('config-file');
  const { environments } = discoverEnvironments({ root });
  assert.deepEqual(environments.map(summary), [
    { name: 'staging', source: 'config', paths: ['deploy/staging'], inputs: ['deploy/staging'], namespace: 'shop', context: 'kind-staging', reconciler: 'push', branch: undefined },
    {
      name: 'production', source: 'config', paths: ['deploy/production', 'deploy/shared/crds.yaml'],
      inputs: ['deploy/production/app.yaml', 'deploy/production/kustomization.yaml', 'deploy/shared/crds.yaml'],
      namespace: 'shop', context: undefined, reconciler: 'push', branch: 'release',
    },
  ]);
});

test('config file: the reconciler is detected from the Flux Kustomization whose path is the environment path', () => {
  const root = copyFixtureRepo('flux-monorepo');
  const config = { environments: [{ name: 'stage', paths: ['apps/overlays/staging'] }], ignoreDifferences: [], rules: {} };
  const [stage] = discoverEnvironments({ root, config }).environments;
  assert.equal(stage.reconciler, 'flux');
  assert.deepEqual(stage.flux?.kustomizations.map((kustomization) => kustomization.name), ['apps']);
  assert.deepEqual(stage.inputs, [...base, 'apps/overlays/staging/kustomization.yaml', 'clusters/staging/cluster-vars.yaml']);
});
