import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { locateInDocument } from '../../../server/src/engine/manifests/locateInDocument';
import { locateQuickly } from '../../../server/src/engine/manifests/locateQuickly';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import { parsedSourceTree } from '../../../server/src/engine/manifests/parsedSourceTree';
import type { YamlPath } from '../../../server/src/engine/validation/Finding';
import { documentsOf, projectRoot, yamlFilesUnder } from './manifestFixtures';

/** Layouts the quick locator must read exactly as the `yaml` package, or leave to it. */
const tricky = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web   # trailing comment\n  "quoted key": x\n  \'single \'\' quote\': "v"\n  labels: {app: web, tier: "front, back"}\n  annotations:\n    a.b/c: "1"\n    url: http://example.com:8080/x\n    note: plain text # with comment\n    multi: one\n      two\nspec:\n  replicas: 3\n  empty:\n  list: [a, "b", [c]]\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n        args:\n          - --a\n          - "--b" # c\n        env:\n        # a comment line\n\n        - name: X\n          value: \'1\'\n      - name: side\n        command: |\n          echo hi\n          echo: bye\n        resources: {}\n      volumes:\n        - - nested\n          - seq\n        - {name: v, emptyDir: {}}\n  1.0: number key\n  "1.0": string key\n  true: bool key\n  key with spaces: yes\n  last: end',
  'kind: List\nitems:\n- a\n- b: 1\n  c: 2\n-   d: 3\n- [x]\n- "q"\n',
  '# leading comment\n\napiVersion: v1\nkind: ConfigMap\ndata:\n  script: >\n    folded\n    text\n  other: value\n',
];

/** everyPath lists the path of every node of a document (from its `yaml` tree) and paths past them. */
function everyPath(document: ManifestDocument): YamlPath[] {
  const tree = parsedSourceTree({ ...document, source: { ...document.source, tree: {} } });
  const paths: YamlPath[] = [];
  const visit = (node: unknown, at: YamlPath): void => {
    paths.push(at, [...at, 'missing'], [...at, 0], [...at, 9]);
    if (isMap(node)) for (const item of node.items) if (isPair(item) && isScalar(item.key)) visit(item.value, [...at, String(item.key.value)]);
    if (isSeq(node)) node.items.forEach((item, index) => visit(item, [...at, index]));
  };
  visit(tree.yamlDocument?.contents, []);
  return paths;
}

/** compare locates every path quickly and through the `yaml` package: where the quick locator answers, the ranges are the same. */
function compare(documents: ManifestDocument[]): { answered: number; asked: number } {
  let answered = 0;
  let asked = 0;
  for (const document of documents) {
    if (document.source.tree.yamlDocument) continue;
    const careful = { ...document, source: { ...document.source, tree: {} } };
    parsedSourceTree(careful);
    for (const at of everyPath(document)) {
      for (const target of ['key', 'value'] as const) {
        asked++;
        if (!locateQuickly({ text: document.source.text, path: at, target })) continue;
        answered++;
        const quick = locateInDocument({ document: { ...document, source: { ...document.source, tree: {} } }, path: at, target });
        assert.deepEqual(quick, locateInDocument({ document: careful, path: at, target }), `${document.file} #${document.index} ${JSON.stringify(at)} ${target}`);
      }
    }
  }
  return { answered, asked };
}

describe('locateQuickly', () => {
  test('odd layouts: the same ranges as the yaml package wherever it answers', () => {
    const { answered, asked } = compare(tricky.flatMap((text) => documentsOf(text)));
    assert.ok(answered > asked / 3, `answered ${answered} of ${asked}`);
  });

  test('every node of every fixture and of the demo repository: the same ranges, and most answered', () => {
    const documents = [...yamlFilesUnder(path.join(projectRoot, 'test/fixtures')), ...yamlFilesUnder(path.join(projectRoot, 'examples'))]
      .flatMap((file) => {
        const text = fs.readFileSync(file, 'utf8');
        return text.length > 1_000_000 ? [] : documentsOf(text, file);
      });
    const { answered, asked } = compare(documents);
    assert.ok(asked > 20_000 && answered > asked * 0.8, `answered ${answered} of ${asked}`);
  });

  test('what it leaves to the yaml package', () => {
    const text = tricky[0];
    const leaves = (at: YamlPath, target?: 'key' | 'value'): void => assert.equal(locateQuickly({ text, path: at, target }), undefined, JSON.stringify(at));
    leaves(['metadata', 'annotations', 'multi']); // a plain scalar on two lines
    leaves(['spec', 'empty']); // an empty value
    leaves(['spec', 'template', 'spec', 'containers', 1, 'command']); // a block scalar
    leaves(['spec', 'list', 1]); // inside a flow collection
    leaves(['spec', '1'], 'key'); // a key that is a number, not a string
    // What it does read, it answers: a key and its value.
    assert.deepEqual(locateQuickly({ text, path: ['kind'], target: 'key' }), { start: text.indexOf('kind:'), end: text.indexOf('kind:') + 4, scalar: true });
    assert.deepEqual(locateQuickly({ text, path: ['spec', 'template', 'spec', 'containers', 0, 'image'] }), { start: text.indexOf('nginx:1.27'), end: text.indexOf('nginx:1.27') + 10, scalar: true });
  });
});
