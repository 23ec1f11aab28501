// Summarises a V8 .cpuprofile of a bundled program: self time per original source file and function
// (through the bundle's source map) and the inclusive time of named steps.
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import { projectRoot } from './project.mjs';

const envRules = /rules\/(refMissing|imageLatest|duplicateResource|resourcesMissing|fluxSourceMissing|fluxPathMissing|fluxDependencyCycle)\.ts$/;

/** Steps of the engine and the server, by the functions that run them. */
export const engineSteps = {
  'findManifestFiles (walk + .gitignore)': (o) => o.name === 'findManifestFiles',
  'readFileSync': (o) => o.name === 'readFileSync',
  'TextDocuments update (server)': (o) => o.name === 'update' && (o.file.endsWith('PieceTextDocument.ts') || o.file.includes('vscode-languageserver-textdocument')),
  'setFile (split, parse, chunk cache)': (o) => o.name === 'setFile',
  '  reparseManifestText (an edit\'s pieces)': (o) => o.name === 'reparseManifestText',
  '  parseManifestText': (o) => o.name === 'parseManifestText',
  '    js-yaml (fast path)': (o) => o.file.startsWith('node_modules/js-yaml'),
  '    parseCarefully (yaml package)': (o) => o.name === 'parseCarefully',
  'WorkspaceValidator.validate': (o) => o.name === 'validate' && o.file.endsWith('WorkspaceValidator.ts'),
  '  document rules incl. schema (documentRuleResults)': (o) => o.name === 'documentRuleResults',
  '    schema rule (ajv)': (o) => o.name === 'check' && o.file.endsWith('rules/schema.ts'),
  '      ajv compile': (o) => o.name === 'compile' || o.name === 'compileSchema' || o.name === '_compileSchemaEnv',
  '  allDocuments': (o) => o.name === 'allDocuments',
  '  buildValidationScopes': (o) => o.name === 'buildValidationScopes',
  '  environment/repository rules': (o) => o.name === 'check' && envRules.test(o.file),
  '  findingsOf (a changed file\'s findings)': (o) => o.name === 'findingsOf',
  '    resolveFinding (positions)': (o) => o.name === 'resolveFinding',
  '    finish (dedupe, suppressions, sort)': (o) => o.name === 'finish' || o.name === 'finishFindings',
  'ValidationService.validateNow (server)': (o) => o.name === 'validateNow',
  '  toDiagnostic + JSON.stringify compare': (o) => o.name === 'toDiagnostic' || (o.name === 'stringify' && o.file === '(stringify)'),
  'formatFindingsJson (CLI)': (o) => o.name === 'formatFindingsJson',
  'garbage collector': (o) => o.name === '(garbage collector)',
  'module compilation (wrapSafe)': (o) => o.name === 'wrapSafe' || o.name === 'compileFunction',
};

/**
 * summarizeProfile returns a printable summary of a .cpuprofile of `bundleFile` (with
 * `${bundleFile}.map`). `since` (a step test) counts only the samples from the first one inside a
 * matching function on: the editor benchmark's edits without the indexing and opening before them.
 */
export function summarizeProfile({ profileFile, bundleFile, steps = engineSteps, top = 25, since }) {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const mapFile = `${bundleFile}.map`;
  const sourceMap = fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : undefined;
  const bundleUrlSuffix = bundleFile.split('/').slice(-2).join('/');
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  const originCache = new Map();
  const origin = (frame) => {
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${frame.functionName}`;
    let found = originCache.get(key);
    if (found) return found;
    let file = frame.url ? frame.url.replace(/^file:\/\//, '') : `(${frame.functionName || 'native'})`;
    if (sourceMap && frame.url.endsWith(bundleUrlSuffix) && frame.lineNumber >= 0) {
      const entry = sourceMap.findEntry(frame.lineNumber, frame.columnNumber);
      if (entry?.originalSource) file = entry.originalSource.replace(/^.*?(node_modules\/|server\/src\/|client\/src\/)/, '$1');
    }
    file = file.replace(`${projectRoot}/`, '');
    found = { file, name: frame.functionName || '(anonymous)' };
    originCache.set(key, found);
    return found;
  };

  // The first sample inside a `since` function starts the counted window (all of them without one).
  const insideSince = (id) => {
    for (let node = id; node !== undefined; node = parents.get(node)) if (since(origin(nodes.get(node).callFrame))) return true;
    return false;
  };
  const firstSample = since ? Math.max(0, profile.samples.findIndex(insideSince)) : 0;
  const counted = (index) => index >= firstSample;
  const selfTime = new Map();
  profile.samples.forEach((id, index) => counted(index) && selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
  const byFile = new Map();
  const byFunction = new Map();
  for (const [id, time] of selfTime) {
    const { file, name } = origin(nodes.get(id).callFrame);
    byFile.set(file, (byFile.get(file) ?? 0) + time);
    byFunction.set(`${name}  ${file}`, (byFunction.get(`${name}  ${file}`) ?? 0) + time);
  }
  const inclusive = Object.fromEntries(Object.keys(steps).map((step) => [step, 0]));
  const stackSteps = new Map();
  const stepsOf = (id) => {
    if (stackSteps.has(id)) return stackSteps.get(id);
    const own = new Set();
    const o = origin(nodes.get(id).callFrame);
    for (const [step, test] of Object.entries(steps)) if (test(o)) own.add(step);
    const parent = parents.get(id);
    const result = parent !== undefined ? new Set([...stepsOf(parent), ...own]) : own;
    stackSteps.set(id, result);
    return result;
  };
  profile.samples.forEach((id, index) => {
    if (counted(index)) for (const step of stepsOf(id)) inclusive[step] += profile.timeDeltas[index] ?? 0;
  });
  const idle = [...selfTime].filter(([id]) => nodes.get(id).callFrame.functionName === '(idle)').reduce((sum, [, time]) => sum + time, 0);

  const ms = (value) => `${(value / 1000).toFixed(0).padStart(7)} ms ${((100 * value) / Math.max(1, total - idle)).toFixed(1).padStart(5)}%`;
  const window = since ? ' from the first edit on' : '';
  const lines = [`sampled time${window}: ${(total / 1000).toFixed(0)} ms (${(idle / 1000).toFixed(0)} ms idle; percentages of the busy time)`, '', 'steps (inclusive):'];
  for (const [step, time] of Object.entries(inclusive)) if (time > 0) lines.push(`${ms(time)}  ${step}`);
  lines.push('', `self time by source file (top ${top}):`);
  for (const [file, time] of [...byFile].filter(([file]) => file !== '((idle))').sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms(time)}  ${file}`);
  lines.push('', `self time by function (top ${top}):`);
  for (const [name, time] of [...byFunction].filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms(time)}  ${name}`);
  return {
    text: lines.join('\n'),
    totalMs: total / 1000,
    idleMs: idle / 1000,
    busyMs: (total - idle) / 1000,
    steps: Object.fromEntries(Object.entries(inclusive).map(([step, time]) => [step.trim(), Math.round(time / 1000)])),
  };
}
