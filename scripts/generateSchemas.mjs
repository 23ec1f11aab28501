#!/usr/bin/env node
// generateSchemas turns the reference data in ../shared/data (and the hand-written sources in
// server/schemas/sources) into the committed offline schema bundle:
//   server/schemas/bundle/index.json        apiVersion/kind → file, file-name routes, ObjectMeta
//   server/schemas/bundle/definitions.json  subtrees shared by two or more places, once each
//   server/schemas/bundle/<group>.<version>.<Kind>.json, one per kind, referring to definitions.json
//   server/schemas/THIRD_PARTY_NOTICES      (and a copy in the bundle, which ships as dist/schemas)
// Usage: node scripts/generateSchemas.mjs [--out DIR] [--data DIR]
// The output is a pure function of the inputs: running it twice gives byte-identical files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Subtrees smaller than this (serialized bytes) stay inline: a $ref would save little and cost a lookup. */
const minSharedSize = 200;

/** Where each input comes from; printed into THIRD_PARTY_NOTICES. */
const sources = {
  kubernetes: {
    title: 'Kubernetes v1.34.0 and Flux v2.6.4 JSON schemas',
    origin: 'https://github.com/ricoberger/kubernetes-json-schema, commit 36d89d6e89b528e5153c0d3527577d4870da3b95, folder schemas/ (generated there from a Kubernetes v1.34.0 cluster\'s /openapi/v2)',
    licence: 'MIT (text below). The descriptions come from the Kubernetes API (https://github.com/kubernetes/kubernetes, v1.34.0) and the Flux APIs (https://github.com/fluxcd, v2.6.4), both Apache-2.0.',
    data: 'kubernetes-1.34-jsonschema',
  },
  flux: {
    title: 'Flux v2.6.4 CustomResourceDefinitions',
    origin: 'https://github.com/ricoberger/kubernetes-json-schema, commit 36d89d6e89b528e5153c0d3527577d4870da3b95, folder crds/ (the CRDs of the Flux v2.6.4 source, kustomize, helm, notification and image controllers, https://github.com/fluxcd)',
    licence: 'Apache-2.0 (text below)',
    data: 'crds/flux-v2.6.4',
  },
  'argo-cd': {
    title: 'Argo CD v3.6.0 CustomResourceDefinitions',
    origin: 'https://github.com/argoproj/argo-cd, commit 37ee0097cf851bc2dd7665fc081bbce61a7e836e, manifests/crds/',
    licence: 'Apache-2.0, Copyright 2017-2018 The Argo Authors (text below)',
    data: 'crds/argo-cd-v3.6.0',
  },
  kustomize: {
    title: 'kustomize Kustomization and Component (hand-written)',
    origin: 'written by the GitOps Workbench project from the kustomize API types, https://github.com/kubernetes-sigs/kustomize, tag kustomize/v5.8.1 (commit 9790a1c3efd2fd35f1b768d495112834176581c1), api/types/; source: server/schemas/sources/kustomization.yaml',
    licence: 'field names from kustomize, Apache-2.0 (text below); schema and descriptions: the project\'s own',
  },
  apiextensions: {
    title: 'CustomResourceDefinition apiextensions.k8s.io/v1 (hand-written)',
    origin: 'written by the GitOps Workbench project from the Kubernetes API types, https://github.com/kubernetes/kubernetes, tag v1.34.0, staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/types.go; source: server/schemas/sources/customresourcedefinition.yaml',
    licence: 'field names and abridged descriptions from Kubernetes, Apache-2.0 (text below)',
  },
  workbench: {
    title: '.gitops-workbench.yaml (hand-written)',
    origin: 'the GitOps Workbench project, server/schemas/sources/gitops-workbench-config.yaml',
    licence: 'MIT, the project\'s own licence',
  },
};

function parseArgs(argv) {
  const args = { out: path.join(repoRoot, 'server', 'schemas'), data: path.resolve(repoRoot, '..', 'shared', 'data') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--data') args.data = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (usage: generateSchemas.mjs [--out DIR] [--data DIR])`);
  }
  return args;
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const gvkKey = (group, version, kind) => `${group ? `${group}/` : ''}${version}/${kind}`;

/** forEachSubschema calls fn(child, replace) for every direct subschema of a schema node. */
function forEachSubschema(node, fn) {
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    if (isObject(node[key])) for (const name of Object.keys(node[key])) fn(node[key][name], (v) => (node[key][name] = v), name);
  }
  for (const key of ['items', 'additionalProperties', 'additionalItems', 'not']) {
    if (isObject(node[key])) fn(node[key], (v) => (node[key] = v), key);
  }
  for (const key of ['items', 'allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(node[key])) node[key].forEach((child, i) => fn(child, (v) => (node[key][i] = v), key));
  }
}

/**
 * normalizeSchema rewrites a schema in place for strict, quiet validation:
 * - oneOf branches that differ only by type (int-or-string, quantities) become one type list, so a
 *   wrong value yields one error instead of one per branch, and null no longer matches two branches;
 * - objects with properties and no additionalProperties are closed (kubeconform -strict), unless
 *   they preserve unknown fields.
 */
function normalizeSchema(node) {
  if (!isObject(node)) return;
  if (Array.isArray(node.oneOf) && node.oneOf.every((b) => isObject(b) && Object.keys(b).length === 1 && b.type !== undefined)) {
    const types = [];
    for (const branch of node.oneOf) for (const t of [branch.type].flat()) if (!types.includes(t)) types.push(t);
    delete node.oneOf;
    node.type = types.includes('null') ? [...types.filter((t) => t !== 'null'), 'null'] : types;
  }
  if (isObject(node.properties) && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    node.additionalProperties = false;
  }
  forEachSubschema(node, (child) => normalizeSchema(child));
}

/**
 * fromOpenApiV3 converts a CRD's structural openAPIV3Schema into draft-07 JSON Schema, the same way
 * the runtime does for workspace CRDs (server/src/engine/schemas/openApiToJsonSchema.ts):
 * nullable adds null, x-kubernetes-int-or-string becomes ["integer","string"], embedded resources
 * and the root accept apiVersion, kind and a standard ObjectMeta.
 */
function fromOpenApiV3(node, objectMeta) {
  if (!isObject(node)) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (['properties', 'patternProperties', 'definitions'].includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, fromOpenApiV3(child, objectMeta)]));
    } else if (['items', 'additionalProperties', 'additionalItems', 'not'].includes(key) && isObject(value)) {
      out[key] = fromOpenApiV3(value, objectMeta);
    } else if (['items', 'allOf', 'anyOf', 'oneOf'].includes(key) && Array.isArray(value)) {
      out[key] = value.map((child) => fromOpenApiV3(child, objectMeta));
    } else {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    // The anyOf that controller-gen writes beside it says the same thing, louder.
    if (Array.isArray(out.anyOf) && out.anyOf.every((b) => isObject(b) && Object.keys(b).length === 1 && b.type)) delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  if (node.nullable === true) {
    if (out.type !== undefined) out.type = [...new Set([out.type, 'null'].flat())];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { description: 'API version of the embedded object.', type: 'string' },
      kind: { description: 'Kind of the embedded object.', type: 'string' },
      ...out.properties,
      metadata: objectMeta,
    };
  }
  return out;
}

/** crdRootSchema makes the converted openAPIV3Schema of one CRD version the schema of a top-level kind. */
function crdRootSchema(openApi, { group, version, kind }, objectMeta) {
  const schema = fromOpenApiV3(openApi ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, objectMeta);
  const { apiVersion: apiVersionProperty, kind: kindProperty, metadata: _metadata, ...rest } = schema.properties ?? {};
  schema.type = 'object';
  schema.properties = {
    apiVersion: { ...apiVersionProperty, type: 'string', enum: [`${group}/${version}`] },
    kind: { ...kindProperty, type: 'string', enum: [kind] },
    metadata: objectMeta,
    ...rest,
  };
  schema['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
  return schema;
}

/** inlineLocalRefs replaces "#/definitions/X" refs of a hand-written source by copies of the definitions. */
function inlineLocalRefs(node, definitions, trail = []) {
  if (Array.isArray(node)) return node.map((item) => inlineLocalRefs(item, definitions, trail));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace(/^#\/definitions\//, '');
    if (!(name in definitions)) throw new Error(`unresolved $ref ${node.$ref}`);
    if (trail.includes(name)) throw new Error(`recursive $ref ${node.$ref} in a hand-written schema`);
    const { $ref, ...siblings } = node;
    const target = inlineLocalRefs(structuredClone(definitions[name]), definitions, [...trail, name]);
    return { ...target, ...siblings };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'enum' ? value : inlineLocalRefs(value, definitions, trail)]));
}

function readJsonSchemas(dir, kinds, report) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || gvks.length === 0) throw new Error(`${file}: no x-kubernetes-group-version-kind`);
    delete schema.$schema;
    // WatchEvent has neither apiVersion nor kind fields: it is a watch stream frame, never a manifest.
    if (!isObject(schema.properties?.kind)) {
      report.push(`${file}: skipped, no apiVersion/kind fields`);
      continue;
    }
    normalizeSchema(schema);
    // A file may serve several apiVersions (DeleteOptions): it is written once, named after the first.
    const primary = gvkKey(gvks[0].group, gvks[0].version, gvks[0].kind);
    for (const { group, version, kind } of gvks) {
      const key = gvkKey(group, version, kind);
      if (!kinds.has(key)) kinds.set(key, { schema, source: 'kubernetes', from: file, primary });
    }
  }
  return files.length;
}

function readCrds(sourceName, dir, kinds, objectMeta, report) {
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const document of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, names } = crd.spec;
      for (const version of crd.spec.versions ?? []) {
        if (version.served === false) continue;
        const key = gvkKey(group, version.name, names.kind);
        if (kinds.has(key)) {
          report.push(`${key}: JSON schema (CRD ${file} checked)`);
          continue;
        }
        const schema = crdRootSchema(version.schema?.openAPIV3Schema, { group, version: version.name, kind: names.kind }, objectMeta);
        normalizeSchema(schema);
        kinds.set(key, { schema, source: sourceName, from: file });
        report.push(`${key}: from CRD ${file}`);
      }
    }
  }
}

function readHandWritten(file, sourceName, kinds, fileRoutes, headerless, objectMeta) {
  const source = parseYaml(readFileSync(file, 'utf8'));
  const definitions = { ObjectMeta: objectMeta, ...source.definitions };
  const root = inlineLocalRefs(source.schema, definitions);
  const base = path.basename(file, path.extname(file));
  for (const { apiVersion, kind, description } of source.kinds ?? []) {
    const schema = structuredClone(root);
    if (description) schema.description = description;
    schema.properties.apiVersion = { ...schema.properties.apiVersion, enum: [apiVersion] };
    schema.properties.kind = { ...schema.properties.kind, enum: [kind] };
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    schema['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
    normalizeSchema(schema);
    kinds.set(gvkKey(group, version, kind), { schema, source: sourceName, from: path.basename(file) });
  }
  for (const name of source.headerless ?? []) headerless[name] = `${source.kinds[0].apiVersion}/${source.kinds[0].kind}`;
  if (source.fileNames) {
    normalizeSchema(root);
    for (const name of source.fileNames) fileRoutes[name] = { file: `${base}.json`, source: sourceName };
    return { file: `${base}.json`, schema: root };
  }
  return undefined;
}

/** measure computes a content hash and the serialized size of every JSON value, bottom up. */
function createMeasure() {
  const memo = new WeakMap();
  const measure = (value) => {
    if (typeof value !== 'object' || value === null) {
      const text = JSON.stringify(value);
      return { hash: text, size: text.length };
    }
    let known = memo.get(value);
    if (known) return known;
    let input;
    let size = 2;
    if (Array.isArray(value)) {
      const parts = value.map(measure);
      input = `[${parts.map((p) => p.hash).join(',')}]`;
      size += parts.reduce((sum, p) => sum + p.size, 0) + Math.max(0, parts.length - 1);
    } else {
      const keys = Object.keys(value).sort();
      const parts = keys.map((k) => measure(value[k]));
      input = `{${keys.map((k, i) => `${JSON.stringify(k)}:${parts[i].hash}`).join(',')}}`;
      size += keys.reduce((sum, k, i) => sum + JSON.stringify(k).length + 1 + parts[i].size, 0) + Math.max(0, keys.length - 1);
    }
    known = { hash: createHash('sha256').update(input).digest('hex'), size };
    memo.set(value, known);
    return known;
  };
  return measure;
}

const typeNamePattern = /^([A-Z][A-Za-z0-9]+) (?:is|are|describes|represents|defines|contains|holds|specifies|provides|references|configures|selects|allows|stores|encapsulates|captures|indicates|sets|maps)\b/;

/**
 * deduplicate moves every subtree that occurs in two or more places into shared definitions.
 * Only subtrees still reached twice once their enclosing shared subtrees are counted once become
 * definitions, so a big shared type does not drag all its inner parts along as separate $refs.
 */
function deduplicate(roots) {
  const measure = createMeasure();
  const occurrences = new Map();
  const countAll = (node) => forEachSubschema(node, (child) => {
    if (!isObject(child)) return;
    const { hash } = measure(child);
    occurrences.set(hash, (occurrences.get(hash) ?? 0) + 1);
    countAll(child);
  });
  for (const root of roots) countAll(root.schema);
  const candidate = (node) => isObject(node) && measure(node).size >= minSharedSize && (occurrences.get(measure(node).hash) ?? 0) >= 2;

  const reached = new Map();
  const bodies = new Map();
  const contexts = new Map();
  const visit = (node) => forEachSubschema(node, (child, _replace, context) => {
    if (!isObject(child)) return;
    if (candidate(child)) {
      const { hash } = measure(child);
      reached.set(hash, (reached.get(hash) ?? 0) + 1);
      if (bodies.has(hash)) return;
      bodies.set(hash, child);
      contexts.set(hash, context);
    }
    visit(child);
  });
  for (const root of roots) visit(root.schema);

  const shared = [...bodies.keys()].filter((hash) => reached.get(hash) >= 2);
  const baseName = (hash) => {
    const body = bodies.get(hash);
    const match = typeNamePattern.exec(typeof body.description === 'string' ? body.description : '');
    if (match) return match[1];
    const context = contexts.get(hash);
    return context.charAt(0).toUpperCase() + context.slice(1);
  };
  const byBase = new Map();
  for (const hash of shared) byBase.set(baseName(hash), [...(byBase.get(baseName(hash)) ?? []), hash]);
  // The most used subtree of a name keeps the plain name (ObjectMeta); the others get a hash suffix.
  const names = new Map();
  for (const [base, hashes] of byBase) {
    hashes.sort((a, b) => reached.get(b) - reached.get(a) || (a < b ? -1 : 1));
    hashes.forEach((hash, i) => names.set(hash, i === 0 ? base : `${base}-${hash.slice(0, 8)}`));
  }

  const emit = (node, refPrefix) => {
    const copy = { ...node };
    for (const key of ['properties', 'patternProperties', 'definitions']) if (isObject(copy[key])) copy[key] = { ...copy[key] };
    for (const key of ['items', 'allOf', 'anyOf', 'oneOf']) if (Array.isArray(copy[key])) copy[key] = [...copy[key]];
    forEachSubschema(copy, (child, replace) => {
      if (!isObject(child)) return;
      const name = names.get(measure(child).hash);
      replace(name !== undefined && candidate(child) ? { $ref: `${refPrefix}#/definitions/${name}` } : emit(child, refPrefix));
    });
    return copy;
  };
  const definitions = {};
  for (const hash of [...names.keys()].sort((a, b) => (names.get(a) < names.get(b) ? -1 : 1))) {
    definitions[names.get(hash)] = emit(bodies.get(hash), '');
  }
  return { definitions, names, measure, roots: roots.map((root) => ({ ...root, schema: emit(root.schema, 'definitions.json') })) };
}

function kindFileName(key) {
  const parts = key.split('/');
  const [group, version, kind] = parts.length === 3 ? parts : ['core', ...parts];
  return `${group}.${version}.${kind}.json`;
}

/** wrap breaks a long list line at commas, indented under its heading. */
function wrap(text, width = 100) {
  const lines = [];
  let line = '  ';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line.trim() !== '') {
      lines.push(line);
      line = '    ';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

function writeNotices(dataDir, kindsBySource) {
  const apacheFull = readFileSync(path.join(dataDir, sources['argo-cd'].data, 'LICENSE'), 'utf8').replace(/^\s*\n/, '');
  const apacheTerms = apacheFull.slice(0, apacheFull.indexOf('END OF TERMS AND CONDITIONS') + 'END OF TERMS AND CONDITIONS'.length);
  const mit = readFileSync(path.join(dataDir, sources.kubernetes.data, 'LICENSE'), 'utf8');
  const lines = [
    'THIRD-PARTY NOTICES for the GitOps Workbench schema bundle',
    '',
    'server/schemas/bundle (shipped as dist/schemas) is generated by scripts/generateSchemas.mjs from the',
    'sources below. Schemas were reformatted, deduplicated into shared definitions and made strict',
    '(closed objects); descriptions are kept as written by their authors.',
    '',
  ];
  let n = 0;
  for (const [name, source] of Object.entries(sources)) {
    const kinds = kindsBySource.get(name) ?? [];
    lines.push(`${++n}. ${source.title}`, `   Source:  ${source.origin}`, `   Licence: ${source.licence}`);
    lines.push(...wrap(`In the bundle: ${kinds.length === 0 ? 'nothing (every kind it defines is taken from source 1)' : kinds.join(', ')}`), '');
  }
  // The deprecated-API table is not part of the bundle but ships in the same extension.
  lines.push(
    `${++n}. Deprecated and removed Kubernetes API versions (pluto)`,
    '   Source:  https://github.com/FairwindsOps/pluto, commit dd5ec8cccce5e42dfe8054b8250baa35546056a0, versions.yaml',
    '   Licence: Apache-2.0 (text below)',
    '   In the extension: server/src/engine/validation/rules/deprecatedApis.generated.ts (generated by',
    '     scripts/generateDeprecatedApis.mjs), bundled into dist/server.js and dist/cli.js',
    '',
  );
  lines.push('-'.repeat(78), 'MIT License of github.com/ricoberger/kubernetes-json-schema (source 1)', '-'.repeat(78), '', mit.trimEnd(), '');
  lines.push('-'.repeat(78), 'Apache License 2.0 of Argo CD (source 3)', '-'.repeat(78), '', apacheFull.trimEnd(), '');
  lines.push('-'.repeat(78), 'Apache License 2.0 of Kubernetes, Flux, kustomize and pluto (sources 1, 2, 4, 5, 7)', '-'.repeat(78), '', apacheTerms.trimEnd(), '');
  return `${lines.join('\n')}\n`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const kinds = new Map();
  const fileRoutes = {};
  const headerless = {};
  const report = [];
  const jsonCount = readJsonSchemas(path.join(args.data, sources.kubernetes.data), kinds, report);
  const objectMeta = kinds.get('apps/v1/Deployment').schema.properties.metadata;
  readCrds('flux', path.join(args.data, sources.flux.data), kinds, objectMeta, report);
  readCrds('argo-cd', path.join(args.data, sources['argo-cd'].data), kinds, objectMeta, report);
  const sourcesDir = path.join(repoRoot, 'server', 'schemas', 'sources');
  const extraRoots = [];
  for (const [file, sourceName] of [['kustomization.yaml', 'kustomize'], ['customresourcedefinition.yaml', 'apiextensions'], ['gitops-workbench-config.yaml', 'workbench']]) {
    const extra = readHandWritten(path.join(sourcesDir, file), sourceName, kinds, fileRoutes, headerless, objectMeta);
    if (extra) extraRoots.push({ key: extra.file, file: extra.file, schema: extra.schema });
  }

  // Each schema object is emitted once even when several apiVersions share it (DeleteOptions).
  const keys = [...kinds.keys()].sort();
  const roots = [];
  const fileOf = new Map();
  for (const key of keys) {
    const { schema, primary = key } = kinds.get(key);
    if (!fileOf.has(schema)) {
      fileOf.set(schema, kindFileName(primary));
      roots.push({ key, file: kindFileName(primary), schema });
    }
  }
  roots.push(...extraRoots);
  const { definitions, names, measure, roots: emitted } = deduplicate(roots);

  const bundleDir = path.join(args.out, 'bundle');
  rmSync(bundleDir, { recursive: true, force: true });
  mkdirSync(bundleDir, { recursive: true });
  for (const root of emitted) writeFileSync(path.join(bundleDir, root.file), `${JSON.stringify(root.schema)}\n`);
  const definitionLines = Object.entries(definitions).map(([name, body]) => `${JSON.stringify(name)}:${JSON.stringify(body)}`);
  writeFileSync(path.join(bundleDir, 'definitions.json'), `{"definitions":{\n${definitionLines.join(',\n')}\n}}\n`);

  const kindsBySource = new Map();
  const index = {
    format: 1,
    note: 'Generated by scripts/generateSchemas.mjs; do not edit. Kinds are keyed "<apiVersion>/<kind>".',
    definitions: 'definitions.json',
    objectMeta: names.get(measure(objectMeta).hash),
    kinds: {},
    fileNames: fileRoutes,
    headerless,
  };
  for (const key of keys) {
    const { schema, source } = kinds.get(key);
    index.kinds[key] = { file: fileOf.get(schema), source };
    kindsBySource.set(source, [...(kindsBySource.get(source) ?? []), key]);
  }
  kindsBySource.set('workbench', Object.keys(fileRoutes));
  writeFileSync(path.join(bundleDir, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
  const notices = writeNotices(args.data, kindsBySource);
  writeFileSync(path.join(args.out, 'THIRD_PARTY_NOTICES'), notices);
  writeFileSync(path.join(bundleDir, 'THIRD_PARTY_NOTICES'), notices);

  const sizeOf = (file) => statSync(path.join(bundleDir, file)).size;
  const files = readdirSync(bundleDir);
  const total = files.reduce((sum, file) => sum + sizeOf(file), 0);
  const kindBytes = emitted.reduce((sum, root) => sum + sizeOf(root.file), 0);
  console.log(`schemas: ${jsonCount} JSON schemas, ${keys.length} apiVersion/kinds in ${emitted.length} files, ${Object.keys(definitions).length} shared definitions`);
  for (const line of report) console.log(`  ${line}`);
  console.log(`  definitions.json ${(sizeOf('definitions.json') / 1024).toFixed(0)} KiB, kind files ${(kindBytes / 1024).toFixed(0)} KiB, index.json ${(sizeOf('index.json') / 1024).toFixed(0)} KiB`);
  console.log(`bundle ${path.relative(process.cwd(), bundleDir) || '.'}: ${files.length} files, ${(total / 1024 / 1024).toFixed(2)} MiB (${total} bytes) in ${Date.now() - started} ms`);
  if (total > 3 * 1024 * 1024) {
    console.error('the bundle is larger than 3 MiB');
    process.exitCode = 1;
  }
}

if (!existsSync(path.join(repoRoot, 'package.json'))) throw new Error(`no package.json in ${repoRoot}`);
main();
