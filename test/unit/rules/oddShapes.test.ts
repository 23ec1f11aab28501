import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import { parseManifestText } from '../../../server/src/engine/manifests/parseManifestText';
import { buildValidationScopes } from '../../../server/src/engine/validation/buildValidationScopes';
import { gitopsRules } from '../../../server/src/engine/validation/rules/allRules';
import { makeContext, projectRoot } from './ruleHarness';

/** Documents whose identity is right but whose fields have every wrong shape. */
const oddText = `
apiVersion: apps/v1
kind: Deployment
metadata: 5
spec: [1, 2]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: odd, namespace: 7, labels: [a]}
spec:
  template:
    metadata: {labels: "app"}
    spec:
      serviceAccountName: [x]
      imagePullSecrets: {name: x}
      volumes: [1, null, {configMap: 5}, {secret: {secretName: [1]}}, {projected: {sources: [null, {configMap: []}]}}, {persistentVolumeClaim: "pvc"}]
      containers: [1, null, "x", [], {image: 5, resources: "big", envFrom: [null, 3, {configMapRef: 7, secretRef: {name: {}}}], env: "x"}, {name: 9, image: "", resources: {requests: [1], limits: {cpu: null}}}]
      initContainers: 3
      ephemeralContainers: {a: 1}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: odd}
spec: {jobTemplate: {spec: {template: 5}}}
---
apiVersion: v1
kind: Pod
metadata: {name: odd}
spec: {containers: {a: {image: nginx}}}
---
apiVersion: v1
kind: Secret
metadata: {name: odd}
data: [1]
stringData: {a: null, b: {c: 1}, c: [1], d: 5}
sops: "not a map"
---
apiVersion: v1
kind: Service
metadata: {name: odd}
spec: {selector: [a], type: 5}
---
apiVersion: v1
kind: Service
metadata: {name: odd2}
spec: {selector: {a: {b: 1}, c: null}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: odd}
spec: {rules: [null, 5, {http: {paths: "x"}}, {http: {paths: [null, {backend: {service: 5}}, {backend: {service: {name: 3}}}]}}], defaultBackend: []}
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: [x]
namePrefix: 5
resources: {a: 1}
components: [null, 1, ""]
patches: [1, {path: 5}, null]
patchesStrategicMerge: {a: b}
patchesJson6902: [{path: []}]
configMapGenerator: [null, {name: 3, files: [1, {a: b}, "=", "k="]}, {envs: "x", env: []}]
secretGenerator: 5
helmCharts: [7, {valuesFile: {}}, {additionalValuesFiles: "x"}]
images: [1, {name: 2}, {name: x, newTag: 1.5}]
crds: "x"
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: odd, namespace: {}}
spec: {path: 7, sourceRef: "x", dependsOn: [1, null, {name: 5}, {name: odd, namespace: []}], targetNamespace: 3}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: odd2}
spec: [1]
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: odd}
spec: {chart: [1], chartRef: 5, dependsOn: {}}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: odd2}
spec: {chart: {spec: {sourceRef: {kind: 5, name: []}}}, chartRef: {kind: OCIRepository}}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: odd}
spec: {source: [1], sources: {a: 1}}
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: odd2}
spec: {sources: [null, 4, {repoURL: 5, path: []}, {repoURL: "git@github.com:example/gitops.git", path: 5}, {repoURL: "git@github.com:example/gitops.git", path: "missing", directory: "x"}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: odd}
spec: {volumeClaimTemplates: [1, {metadata: 5}, {metadata: {name: []}}], template: {spec: {volumes: [{persistentVolumeClaim: {claimName: 5}}]}}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: odd}
spec: {names: 5, scope: [Cluster]}
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {name: odd}
spec: 5
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: odd}
spec: {target: 5}
---
apiVersion: 5
kind: []
---
- just
- a list
---
plain scalar
---
apiVersion: apps/v1beta2
kind: Deployment
metadata: {name: old}
spec: null
`;

describe('every rule survives odd shapes', () => {
  const root = path.join(projectRoot, 'test', 'fixtures', 'rules');
  const documents: ManifestDocument[] = [
    ...parseManifestText({ file: path.join(root, 'odd', 'odd.yaml'), text: oddText }).documents,
    ...parseManifestText({ file: path.join(root, 'odd', 'kustomization.yaml'), text: 'resources: [1, {a: b}]\nimages: 5\n' }).documents,
    ...parseManifestText({ file: path.join(root, 'odd', 'list', 'kustomization.yaml'), text: '- a\n- b\n' }).documents,
  ];
  const context = makeContext(root, { remotes: ['https://github.com/example/gitops'] });

  test('the odd documents parsed', () => assert.ok(documents.length >= 20, String(documents.length)));

  test('buildValidationScopes does not throw', () => {
    const scopes = buildValidationScopes({ documents, repo: context.repo });
    assert.ok(scopes.length > 0);
  });

  for (const rule of gitopsRules) {
    test(`${rule.id} does not throw`, () => {
      const scopes = buildValidationScopes({ documents, repo: context.repo });
      let findings: unknown[] = [];
      if (rule.scope === 'document') findings = documents.flatMap((document) => rule.check({ document, context }));
      else if (rule.scope === 'environment') findings = scopes.flatMap((environment) => rule.check({ environment, context }));
      else findings = rule.check({ documents, context });
      assert.ok(Array.isArray(findings));
      for (const finding of findings as { message: unknown; path: unknown }[]) {
        assert.equal(typeof finding.message, 'string');
        assert.ok(Array.isArray(finding.path));
      }
    });
  }
});
