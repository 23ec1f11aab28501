#!/usr/bin/env node
// Editor benchmark: one-line edits in a 2,000-document file, didChange → publishDiagnostics latency
// of the language server (debounce 0), with yaml-language-server's doValidation of the same file
// after the same edits measured side by side. Writes bench/results/editor.json. See docs/benchmarks.md.
//
//   node bench/editor.mjs [--edits N] [--yls-edits N] [--quick] [--profile]
//
// --profile runs the server under `node --cpu-prof` and prints where its time goes (the profiler
// slows it down: latencies of such a run are not the benchmark's).
//
// The workspace is bench/corpus/editor/ (a git repository holding only big.yaml): ConfigMaps,
// Deployments and Services, every one clean except the last Deployment, whose `:latest` image is a
// permanent warning (the "sentinel"). The server only publishes when a file's diagnostics change, so
// every edit changes them: edits come in on/off pairs in a random Deployment each —
//   replicas-type   `replicas: 3` → `replicas: three` (schema error) and back;
//   image-latest    the image tag → `:latest` (image-latest warning, an environment rule) and back;
//   configmap-ref   envFrom's ConfigMap name → a missing one (ref-missing, cross-document) and back;
//   comment-line    insert a comment line (no finding: only the sentinel moves one line down) and
//                   delete it again (the sentinel moves back) — the "nothing visible" edits.
// Each publication is checked against the expected diagnostics (rule and line).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { configMap, deployment, joinDocuments, service } from './lib/manifests.mjs';
import { protocol, startServer } from './lib/lspClient.mjs';
import { benchDir, buildEngineBundle, peakRssMb, projectRoot, resultsDir, snapshotDist } from './lib/project.mjs';
import { createRandom } from './lib/random.mjs';
import { engineSteps, summarizeProfile } from './lib/summarizeProfile.mjs';
import { median, percentile } from './lib/runMeasured.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const quick = args.includes('--quick');
const documentCount = quick ? 300 : 2000;
const editCount = Math.max(2, Math.min(1000, Number(option('--edits', quick ? 40 : 200))));
const ylsEditCount = Math.max(0, Math.min(editCount, Number(option('--yls-edits', quick ? 6 : 10))));
const profiling = args.includes('--profile');
const log = (message) => process.stderr.write(`${message}\n`);

/** writeWorkspace generates the 2,000-document file; the disk copy lacks the sentinel so opening it publishes. */
async function writeWorkspace(directory) {
  const rng = createRandom(4242);
  const documents = [];
  const deployments = [];
  for (let i = 0; documents.length < documentCount; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    const configName = `${name}-config`;
    documents.push(configMap({ name: configName, namespace: 'shop', app: name, team: 'shop', rng }));
    if (documents.length < documentCount) {
      documents.push(deployment({ name, namespace: 'shop', team: 'shop', configName, rng }));
      deployments.push(name);
    }
    if (documents.length < documentCount) documents.push(service({ name, namespace: 'shop', team: 'shop', rng }));
  }
  const diskText = joinDocuments(documents).text;
  const sentinelName = deployments[deployments.length - 1];
  const sentinelDocument = documents.find((document) => document.kind === 'Deployment' && document.name === sentinelName);
  const imageLine = sentinelDocument.lines.findIndex((line) => line.startsWith(`          image: registry.example.com/shop/${sentinelName}`));
  sentinelDocument.lines[imageLine] = `          image: registry.example.com/shop/${sentinelName}:latest`;
  const openText = joinDocuments(documents).text;
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  await runChecked('git', ['init', '-q', '-b', 'main', directory]);
  const file = path.join(directory, 'big.yaml');
  fs.writeFileSync(file, diskText);
  return { file, openText, deployments: deployments.slice(0, -1), sentinelName };
}

function runChecked(command, argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: 'ignore' });
    child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`${command} ${argv.join(' ')} failed`))));
  });
}

/**
 * planEdits returns the edit script: pairs of one-line edits in random Deployments. Each step says
 * how to change the client's lines and what the diagnostics must be afterwards (rule@line list).
 */
function planEdits({ deployments, count, rng }) {
  const kinds = ['replicas-type', 'image-latest', 'configmap-ref', 'comment-line'];
  const steps = [];
  for (let pair = 0; steps.length < count; pair++) {
    const kind = kinds[pair % kinds.length];
    const name = rng.pick(deployments);
    steps.push({ kind, name, on: true });
    if (steps.length < count) steps.push({ kind, name, on: false });
  }
  return steps;
}

/** EditorModel keeps the client's copy of the file and turns steps into LSP content changes. */
class EditorModel {
  constructor(text, sentinelName) {
    this.lines = text.split('\n');
    this.sentinelName = sentinelName;
    this.active = undefined; // { rule, marker } of the error currently switched on
  }

  text() {
    return this.lines.join('\n');
  }

  /** lineOf finds the first line matching a predicate at or after the Deployment `name`'s metadata. */
  lineOf(name, predicate) {
    // The ConfigMap of `name` is named `${name}-config` and its Service follows the Deployment, so
    // the first `  name: ${name}` line is the Deployment's metadata.name.
    const start = this.lines.indexOf(`  name: ${name}`);
    if (start !== -1) for (let index = start; index < this.lines.length; index++) if (predicate(this.lines[index], index)) return index;
    throw new Error(`no line for ${name}`);
  }

  replace(line, text) {
    const change = { range: { start: { line, character: 0 }, end: { line, character: this.lines[line].length } }, text };
    this.lines[line] = text;
    return change;
  }

  /** apply performs one step and returns { change, expected: ["rule@line", …] } (lines 0-based). */
  apply(step) {
    let change;
    if (step.kind === 'replicas-type') {
      const line = this.lineOf(step.name, (text) => /^  replicas: /.test(text));
      change = this.replace(line, step.on ? '  replicas: three' : `  replicas: ${2 + (line % 4)}`);
      this.active = step.on ? { rule: 'schema', line } : undefined;
    } else if (step.kind === 'image-latest') {
      const line = this.lineOf(step.name, (text) => text.startsWith(`          image: registry.example.com/shop/${step.name}`));
      const base = `          image: registry.example.com/shop/${step.name}`;
      change = this.replace(line, step.on ? `${base}:latest` : `${base}:2.${line % 10}.0`);
      this.active = step.on ? { rule: 'image-latest', line } : undefined;
    } else if (step.kind === 'configmap-ref') {
      const line = this.lineOf(step.name, (text, index) => text === `                name: ${step.name}-config${step.on ? '' : '-missing'}` && this.lines[index - 1] === '            - configMapRef:' && this.lines[index - 2] === '          envFrom:' && this.isMainContainer(step.name, index));
      change = this.replace(line, `                name: ${step.name}-config${step.on ? '-missing' : ''}`);
      this.active = step.on ? { rule: 'ref-missing', line } : undefined;
    } else {
      const metadata = this.lineOf(step.name, () => true);
      const line = metadata + 1;
      if (step.on) {
        change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '  # edited by bench/editor.mjs\n' };
        this.lines.splice(line, 0, '  # edited by bench/editor.mjs');
      } else {
        if (this.lines[line] !== '  # edited by bench/editor.mjs') throw new Error('comment line not where it was inserted');
        change = { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
        this.lines.splice(line, 1);
      }
      this.active = undefined;
    }
    return { change, expected: this.expected() };
  }

  /** isMainContainer: the envFrom at `index` belongs to the containers list, not initContainers. */
  isMainContainer(name, index) {
    for (let i = index; i >= 0; i--) {
      if (this.lines[i] === '      containers:') return true;
      if (this.lines[i] === '      initContainers:' || this.lines[i] === `  name: ${name}`) return false;
    }
    return false;
  }

  expected() {
    const sentinel = this.lines.findIndex((text) => text === `          image: registry.example.com/shop/${this.sentinelName}:latest`);
    const list = [`image-latest@${sentinel}`];
    if (this.active) list.push(`${this.active.rule}@${this.active.line}`);
    return list.sort();
  }
}

function diagnosticsSignature(diagnostics) {
  return diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}`).sort();
}

async function runServer({ directory, file, openText, steps, sentinelName }) {
  const uri = pathToFileURL(file).toString();
  const profileDir = profiling ? fs.mkdtempSync(path.join(os.tmpdir(), 'gw-server-profile-')) : undefined;
  const server = await startServer({ folder: directory, validationDelayMs: 0, nodeOptions: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [] });
  // The workspace index publishes the disk text's (empty) diagnostics first.
  await server.nextDiagnostics(uri, () => true, 120_000);
  const model = new EditorModel(openText, sentinelName);
  let version = 1;
  const openStarted = performance.now();
  const opened = server.nextDiagnostics(uri, () => true, 60_000);
  await server.connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text: openText } });
  const first = await opened;
  const openMs = first.at - openStarted;
  const openOk = JSON.stringify(diagnosticsSignature(first.params.diagnostics)) === JSON.stringify(model.expected());

  const latencies = [];
  const byKind = {};
  const mismatches = [];
  let timeouts = 0;
  const ylsScript = [];
  for (const step of steps) {
    const { change, expected } = model.apply(step);
    ylsScript.push(change);
    version++;
    const waiting = server.nextDiagnostics(uri, () => true, 10_000);
    const sent = performance.now();
    await server.connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    let published;
    try {
      published = await waiting;
    } catch {
      timeouts++;
      mismatches.push({ step, expected, got: 'timeout' });
      if (timeouts >= 3) throw new Error(`3 edits got no diagnostics within 10 s; stderr: ${server.stderr().slice(0, 2000)}`);
      continue;
    }
    const ms = published.at - sent;
    latencies.push(ms);
    (byKind[`${step.kind}:${step.on ? 'on' : 'off'}`] ??= []).push(ms);
    const got = diagnosticsSignature(published.params.diagnostics);
    if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push({ step, expected, got });
  }
  const serverPeak = peakRssMb(server.process.pid);
  const stderr = server.stderr();
  await server.stop();
  let profile;
  if (profileDir) {
    const name = fs.readdirSync(profileDir).find((entry) => entry.endsWith('.cpuprofile'));
    if (name) {
      const kept = path.join(resultsDir, 'server-editor.cpuprofile');
      fs.mkdirSync(resultsDir, { recursive: true });
      fs.copyFileSync(path.join(profileDir, name), kept);
      // Only the edits: from the first didChange the server applies on (indexing and opening excluded).
      const since = engineSteps['TextDocuments update (server)'];
      profile = summarizeProfile({ profileFile: kept, bundleFile: path.join(snapshotDist(), 'server.js'), since });
      process.stdout.write(`\nserver profile (${path.relative(projectRoot, kept)}), ${steps.length} edits: ${(profile.busyMs / steps.length).toFixed(1)} ms busy per edit (under the profiler)\n${profile.text}\n\n`);
    }
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
  return {
    profiled: profiling || undefined,
    profileSteps: profile?.steps,
    profileBusyMsPerEdit: profile ? profile.busyMs / steps.length : undefined,
    edits: latencies.length,
    openMs,
    openOk,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    meanMs: latencies.reduce((sum, value) => sum + value, 0) / latencies.length,
    byKind: Object.fromEntries(Object.entries(byKind).map(([kind, list]) => [kind, { n: list.length, p50Ms: percentile(list, 50), p95Ms: percentile(list, 95), maxMs: Math.max(...list) }])),
    mismatches: mismatches.length,
    mismatchSamples: mismatches.slice(0, 5),
    timeouts,
    peakRssMb: serverPeak,
    latenciesMs: latencies.map((value) => Number(value.toFixed(2))),
    stderr: stderr.slice(0, 2000) || undefined,
    ylsScript,
  };
}

/** runYls replays the first edits on yaml-language-server's doValidation in a child process. */
async function runYls({ file, openText, changes }) {
  const scriptFile = path.join(resultsDir, '.build', 'editor-edits.json');
  fs.mkdirSync(path.dirname(scriptFile), { recursive: true });
  fs.writeFileSync(scriptFile, JSON.stringify({ uri: pathToFileURL(file).toString(), text: openText, changes }));
  const { runMeasured } = await import('./lib/runMeasured.mjs');
  const run = await runMeasured({ args: [path.join(benchDir, 'contenders', 'ylsEditor.mjs'), scriptFile], cwd: projectRoot, timeoutMs: 600_000 });
  if (!run.result) throw new Error(`yaml-language-server editor baseline failed: ${run.stderr.slice(0, 2000)}`);
  const times = run.result.editMs;
  return { edits: times.length, openMs: run.result.openMs, medianMs: median(times), p95Ms: percentile(times, 95), maxMs: Math.max(...times), diagnosticsAfterOpen: run.result.diagnosticsAfterOpen, diagnosticsAfterEdit: run.result.diagnosticsAfterEdit, peakRssMb: run.peakRssMb, editMs: times.map((value) => Number(value.toFixed(1))) };
}

async function main() {
  snapshotDist();
  await buildEngineBundle();
  const directory = path.join(benchDir, 'corpus', quick ? 'editor-quick' : 'editor');
  const workspace = await writeWorkspace(directory);
  const rng = createRandom(777);
  const steps = planEdits({ deployments: workspace.deployments, count: editCount, rng });
  log(`editor: ${documentCount} documents (${workspace.openText.split('\n').length} lines, ${(workspace.openText.length / 1e6).toFixed(1)} MB), ${steps.length} one-line edits`);
  const server = await runServer({ directory, file: workspace.file, openText: workspace.openText, steps, sentinelName: workspace.sentinelName });
  log(`server: open ${server.openMs.toFixed(0)} ms; edits p50 ${server.p50Ms.toFixed(1)} ms, p95 ${server.p95Ms.toFixed(1)} ms, max ${server.maxMs.toFixed(1)} ms; ${server.mismatches} mismatches; peak RSS ${server.peakRssMb?.toFixed(0)} MB`);
  let yls;
  if (ylsEditCount > 0) {
    yls = await runYls({ file: workspace.file, openText: workspace.openText, changes: server.ylsScript.slice(0, ylsEditCount) });
    log(`yaml-language-server: open ${yls.openMs.toFixed(0)} ms; doValidation after an edit median ${yls.medianMs.toFixed(0)} ms, p95 ${yls.p95Ms.toFixed(0)} ms (${yls.edits} edits); peak RSS ${yls.peakRssMb?.toFixed(0)} MB`);
  }
  delete server.ylsScript;
  const result = {
    benchmark: 'editor',
    documents: documentCount,
    lines: workspace.openText.split('\n').length - 1,
    bytes: Buffer.byteLength(workspace.openText),
    node: process.version,
    server,
    yls,
    target: { p95Ms: 50, pass: server.p95Ms <= 50 },
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  const name = profiling ? 'editor-profiled.json' : quick ? 'editor-quick.json' : 'editor.json';
  fs.writeFileSync(path.join(resultsDir, name), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`editor: server didChange → publishDiagnostics p50 ${server.p50Ms.toFixed(1)} ms, p95 ${server.p95Ms.toFixed(1)} ms, max ${server.maxMs.toFixed(1)} ms (${server.edits} edits, ${server.mismatches} unexpected) — ${result.target.pass ? 'PASS' : 'FAIL'} p95 ≤ 50 ms; peak RSS ${server.peakRssMb?.toFixed(0)} MB` +
    (yls ? `\n        yaml-language-server doValidation: median ${yls.medianMs.toFixed(0)} ms, p95 ${yls.p95Ms.toFixed(0)} ms (${yls.edits} edits), peak RSS ${yls.peakRssMb?.toFixed(0)} MB\n` : '\n'));
}

main().catch((error) => {
  process.stderr.write(`bench/editor.mjs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
