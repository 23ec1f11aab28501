// Normalises the CLI's JSON findings and the language server's diagnostics to one comparable form,
// compares them as multisets, and scores the CLI against the corpus's injected errors.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const lspSeverities = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** keyOfCliFinding: "file|line:col-endLine:endCol|severity|rule|message" (1-based, as printed). */
export function keyOfCliFinding(finding) {
  return `${finding.file}|${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}|${finding.severity}|${finding.rule}|${finding.message}`;
}

/** keysOfDiagnostics converts one publishDiagnostics to the same keys (file relative to root). */
export function keysOfDiagnostics(root, params) {
  const file = path.relative(root, fileURLToPath(params.uri)).split(path.sep).join('/');
  return params.diagnostics.map((diagnostic) => {
    const { start, end } = diagnostic.range;
    return `${file}|${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}|${lspSeverities[diagnostic.severity] ?? diagnostic.severity}|${diagnostic.code}|${diagnostic.message}`;
  });
}

/** compareKeys compares two lists of keys as multisets. */
export function compareKeys(left, right) {
  const counts = new Map();
  for (const key of left) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const key of right) counts.set(key, (counts.get(key) ?? 0) - 1);
  const onlyLeft = [];
  const onlyRight = [];
  for (const [key, count] of counts) {
    for (let i = 0; i < count; i++) onlyLeft.push(key);
    for (let i = 0; i < -count; i++) onlyRight.push(key);
  }
  return { equal: onlyLeft.length === 0 && onlyRight.length === 0, onlyLeft: onlyLeft.sort(), onlyRight: onlyRight.sort() };
}

/**
 * scoreRecall: every injected error must yield a finding of its rule in its file; `lineMatched`
 * counts those on the exact expected line too. Findings matching no injected (file, rule) are extra.
 */
export function scoreRecall(expected, findings) {
  const found = new Set(findings.map((finding) => `${finding.file}|${finding.rule}`));
  const foundAtLine = new Set(findings.map((finding) => `${finding.file}|${finding.rule}|${finding.line}`));
  const missed = expected.filter((item) => !found.has(`${item.file}|${item.rule}`));
  const lineMatched = expected.filter((item) => foundAtLine.has(`${item.file}|${item.rule}|${item.line}`)).length;
  const wanted = new Set(expected.map((item) => `${item.file}|${item.rule}`));
  const extra = findings.filter((finding) => !wanted.has(`${finding.file}|${finding.rule}`));
  const extraByRule = {};
  for (const finding of extra) extraByRule[`${finding.rule}/${finding.severity}`] = (extraByRule[`${finding.rule}/${finding.severity}`] ?? 0) + 1;
  const byInjection = {};
  for (const item of expected) {
    const entry = (byInjection[`${item.rule}:${item.injected}`] ??= { injected: 0, found: 0 });
    entry.injected++;
    if (found.has(`${item.file}|${item.rule}`)) entry.found++;
  }
  return {
    injected: expected.length,
    found: expected.length - missed.length,
    recall: expected.length === 0 ? 1 : (expected.length - missed.length) / expected.length,
    lineMatched,
    missed: missed.slice(0, 20),
    extraFindings: extra.length,
    extraByRule,
    extraSamples: extra.slice(0, 10).map(keyOfCliFinding),
    byInjection,
  };
}
