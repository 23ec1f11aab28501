import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKubeClient } from '../../server/src/engine/cluster/createKubeClient';
import { discoverResources, type DiscoveryProblem } from '../../server/src/engine/cluster/discoverResources';
import { KubeApiError } from '../../server/src/engine/cluster/errors/KubeApiError';
import { findApiResource } from '../../server/src/engine/cluster/findApiResource';
import type { ApiResource, KubeClient, KubeRequest } from '../../server/src/engine/cluster/KubeClient';
import { loadKubeConfig } from '../../server/src/engine/cluster/loadKubeConfig';
import type { RunningKubeEmulator } from '../support/kubeEmulator/index';
import { withEmulator } from './clusterTestKit';

const widgetCrd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    subresources: {status: {}}
  - name: v1beta1
    served: true
    storage: false
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

async function withClient(emulator: RunningKubeEmulator, run: (client: KubeClient) => Promise<void>): Promise<void> {
  const client = createKubeClient({ kubeconfig: loadKubeConfig({ trusted: false, kubeconfigPaths: [emulator.kubeconfigPath], env: {} }) });
  try {
    await run(client);
  } finally {
    client.close();
  }
}

const byIdentity = (a: ApiResource, b: ApiResource) => `${a.group}/${a.version}/${a.plural}`.localeCompare(`${b.group}/${b.version}/${b.plural}`);

test('aggregated discovery: two requests give every kind, CRD kinds included, subresources folded in, preferred version first', () =>
  withEmulator({ seed: [`yaml:${widgetCrd}`] }, (emulator) =>
    withClient(emulator, async (client) => {
      const resources = await discoverResources({ client });
      assert.deepEqual(emulator.requests, ['GET /api 200', 'GET /apis 200']);
      assert.deepEqual(findApiResource({ resources, apiVersion: 'apps/v1', kind: 'Deployment' }), {
        group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        singularName: 'deployment', shortNames: ['deploy'], categories: ['all'], subresources: ['scale', 'status'],
      });
      assert.equal(findApiResource({ resources, apiVersion: 'v1', kind: 'Namespace' })?.namespaced, false);
      const widget = findApiResource({ resources, apiVersion: 'example.com/v1', kind: 'Widget' });
      assert.deepEqual({ ...widget, verbs: undefined }, { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, verbs: undefined, singularName: 'widget', shortNames: ['wd'], subresources: ['status'] });
      assert.equal(findApiResource({ resources, apiVersion: 'example.com/v1beta1', kind: 'Widget' })?.version, 'v1beta1');
      assert.equal(findApiResource({ resources, apiVersion: 'example.com/v1alpha1', kind: 'Widget' }), undefined);
      assert.equal(findApiResource({ resources, apiVersion: 'example.com/v1alpha1', kind: 'Widget', anyVersion: true })?.version, 'v1');
      assert.equal(findApiResource({ resources, apiVersion: 'extensions/v1beta1', kind: 'Ingress', anyVersion: true }), undefined);
      assert.ok(resources.every((resource) => !resource.plural.includes('/')), 'no subresource is a kind of its own');

      // Legacy discovery, one request per group-version, finds exactly the same.
      emulator.requests.length = 0;
      const legacy = await discoverResources({ client, aggregated: false });
      assert.deepEqual([...legacy].sort(byIdentity), [...resources].sort(byIdentity));
      assert.ok(emulator.requests.includes('GET /apis/example.com/v1 200'));
      const groupVersions = new Set(resources.map((resource) => `${resource.group}/${resource.version}`));
      assert.equal(emulator.requests.length, 2 + groupVersions.size, 'GET /api, /apis, then one per group-version');

      // Deleting the CRD removes its kind.
      await client.request({ method: 'DELETE', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com' });
      const after = await discoverResources({ client });
      assert.equal(findApiResource({ resources: after, apiVersion: 'example.com/v1', kind: 'Widget' }), undefined);
    })));

/** fakeClient answers from a table of paths; a function value may throw. */
function fakeClient(answers: Record<string, unknown | (() => unknown)>): KubeClient & { asked: KubeRequest[] } {
  const asked: KubeRequest[] = [];
  return {
    asked,
    connection: { server: 'https://fake', context: 'fake', namespace: 'default', user: 'fake', cluster: 'fake', kubeconfigFiles: [], warnings: [] },
    async request<T>(request: KubeRequest): Promise<T> {
      asked.push(request);
      const answer = answers[request.path];
      if (answer === undefined) throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
      return (typeof answer === 'function' ? (answer as () => unknown)() : answer) as T;
    },
    stream: () => {
      throw new Error('not used');
    },
    close: () => undefined,
  };
}

test('a server that answers the aggregated Accept with legacy documents is read the legacy way; a failing group-version is reported and the rest kept', async () => {
  const client = fakeClient({
    '/api': { kind: 'APIVersions', versions: ['v1'] },
    '/apis': {
      kind: 'APIGroupList',
      groups: [
        { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
        { name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } },
      ],
    },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'] },
      { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
    ] },
    '/apis/apps/v1': { kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [
      { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get', 'list'], shortNames: ['deploy'] },
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get'] },
    ] },
    '/apis/metrics.k8s.io/v1beta1': () => {
      throw new KubeApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
    },
  });
  const problems: DiscoveryProblem[] = [];
  const resources = await discoverResources({ client, onProblem: (problem) => problems.push(problem) });
  assert.match(String(client.asked[0].accept), /^application\/json;g=apidiscovery\.k8s\.io;v=v2;as=APIGroupDiscoveryList,.*,application\/json$/);
  assert.deepEqual(resources, [
    { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['get', 'list'], singularName: 'pod', subresources: ['status'] },
    { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['get', 'list'], singularName: 'deployment', shortNames: ['deploy'], subresources: ['scale'] },
  ]);
  assert.deepEqual(problems, [{ groupVersion: 'metrics.k8s.io/v1beta1', message: 'the server is currently unable to handle the request' }]);
});

test('aggregated discovery marks a group-version whose API server is down as stale: reported, its last known kinds kept', async () => {
  const client = fakeClient({
    '/api': { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: [] },
    '/apis': {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      items: [{
        metadata: { name: 'metrics.k8s.io' },
        versions: [{ version: 'v1beta1', freshness: 'Stale', resources: [{ resource: 'pods', responseKind: { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics' }, scope: 'Namespaced', singularResource: 'pods', verbs: ['get', 'list'] }] }],
      }],
    },
  });
  const problems: DiscoveryProblem[] = [];
  const resources = await discoverResources({ client, onProblem: (problem) => problems.push(problem) });
  assert.deepEqual(resources.map((resource) => `${resource.group}/${resource.version} ${resource.kind}`), ['metrics.k8s.io/v1beta1 PodMetrics']);
  assert.deepEqual(problems, [{ groupVersion: 'metrics.k8s.io/v1beta1', message: 'discovery of metrics.k8s.io/v1beta1 is stale: its API server did not answer' }]);
  assert.equal(client.asked.length, 2);
});

