#!/usr/bin/env node
// Validation benchmark (npm run bench:validate, which builds first). See docs/benchmarks.md.
//
//   node bench/validate.mjs [--corpus realistic|lean|both] [--reps N] [--warmup N] [--quick] [--no-editor]
//                           [--no-provider-sample] [--no-server-check]
//
// On the generated corpora (bench/generateCorpus.mjs: 2,000 files, 20,000 resources, ~1% injected
// errors; `realistic`, the headline, and `lean`, calibrated to the issue's reference corpus) it
// measures side by side, each contender in its own child process (peak RSS per contender),
// repetitions and corpora interleaved, median reported (without NODE_EXTRA_CA_CERTS: see contenderEnv):
//   1. the CLI: node dist/cli.js validate --format json (process wall time);
//   2. yaml-language-server's language service alone, same schemas, doValidation per document;
//   3. js-yaml loadAll of every file (the floor);
//   4. the `yaml` package's parseAllDocuments + toJS of every file.
// Then, per corpus, it checks that the language server publishes exactly the CLI's findings for the
// same files and that the CLI finds every injected error; it runs bench/editor.mjs once, prints one
// table per corpus with its targets and writes bench/results/validate.json (the realistic corpus in
// the top-level fields, every corpus under `corpora`).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusPaths, generateCorpus } from './generateCorpus.mjs';
import { compareKeys, keyOfCliFinding, keysOfDiagnostics, scoreRecall } from './lib/findings.mjs';
import { startServer } from './lib/lspClient.mjs';
import { benchDir, buildEngineBundle, listYamlFiles, peakRssMb, projectRoot, resultsDir, snapshotDist } from './lib/project.mjs';
import { median, runMeasured } from './lib/runMeasured.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const reps = Math.max(1, Math.min(10, Number(option('--reps', 3))));
// Rounds run before the measured ones and left out of the medians: the first round after the build
// and the page-cache warm-up was slower for every contender alike (run D: js-yaml 1.58 s, then 0.94).
const warmups = Math.max(0, Math.min(3, Number(option('--warmup', 1))));
const quick = flag('--quick');
const corpusOption = option('--corpus', 'both');
const shapesToRun = { both: ['realistic', 'lean'], realistic: ['realistic'], lean: ['lean'] }[corpusOption];
if (!shapesToRun) throw new Error(`--corpus ${corpusOption}: expected realistic, lean or both`);
const targets = { resourcesPerSecond: 10_000, maxRatioToJsYaml: 4, minSpeedupOverYls: 5, editorP95Ms: 50 };
/** What each corpus is for, printed above its table. */
const corpusRoles = {
  realistic: 'the headline: documents as teams write them (labels, probes, security contexts, volumes, sidecars)',
  lean: "the same resources with only the fields they need, the kind of corpus the issue's reference numbers (js-yaml 0.39 s) came from",
};

const log = (message) => process.stderr.write(`${message}\n`);

/**
 * The contenders' environment: this one without NODE_EXTRA_CA_CERTS. Node 20 reads and parses
 * that certificate file at every start, before any of a contender's code runs (45–50 ms on these
 * machines, whose environment sets it for their proxy); no contender makes a TLS connection, and
 * the library contenders' in-process times never include a start. nodeStartCost measures it.
 */
const contenderEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/** contendersFor lists the contenders of one corpus, each with its arguments and working directory. */
function contendersFor({ dist, corpusDir }) {
  const cli = [path.join(dist, 'cli.js'), 'validate', '--format', 'json'];
  return [
    { id: 'cli', label: 'gitops-workbench CLI (validate --format json)', args: cli, cwd: corpusDir },
    { id: 'js-yaml', label: 'js-yaml loadAll (parse only: the floor)', args: [path.join(benchDir, 'contenders', 'parseJsYaml.mjs'), corpusDir] },
    { id: 'yaml', label: 'yaml parseAllDocuments + toJS (parse only)', args: [path.join(benchDir, 'contenders', 'parseYaml.mjs'), corpusDir] },
    { id: 'yls', label: 'yaml-language-server doValidation (same schemas)', args: [path.join(benchDir, 'contenders', 'yamlLanguageServer.mjs'), corpusDir] },
  ];
}

async function main() {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const dist = snapshotDist();
  const corpora = shapesToRun.map((shape) => {
    const { dir, expectedFile } = corpusPaths({ shape, quick });
    log(`generating corpus ${path.relative(projectRoot, dir)} …`);
    const corpus = generateCorpus({ shape, dir, expectedFile, ...(quick ? { teams: 4 } : {}) });
    log(`corpus ${shape}: ${corpus.files} files, ${corpus.documents} resources, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.injected} injected errors`);
    const { expected } = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
    return { shape, dir, corpus, expected, contenders: contendersFor({ dist, corpusDir: dir }), runs: {} };
  });
  await buildEngineBundle();
  // Warm the page cache so the first contender does not pay for the disk.
  for (const { dir } of corpora) for (const file of listYamlFiles(dir)) fs.readFileSync(file);

  let maxLoad = loadBefore[0];
  for (let rep = 1 - warmups; rep <= reps; rep++) {
    // Corpora interleaved too, so that a change in the machine's load hits both alike.
    for (const entry of corpora) {
      for (const contender of entry.contenders) {
        const loadNow = os.loadavg()[0];
        const run = await measureContender({ entry, contender, loadNow });
        const round = rep < 1 ? 'warm-up' : `rep ${rep}/${reps}`;
        if (rep >= 1) {
          maxLoad = Math.max(maxLoad, loadNow);
          (entry.runs[contender.id] ??= []).push(run);
        }
        log(`${round} ${entry.shape.padEnd(9)} ${contender.id.padEnd(10)} ${run.seconds.toFixed(2)} s, cpu ${run.cpuSeconds?.toFixed(2)} s (process ${run.wallSeconds.toFixed(2)} s), peak RSS ${run.peakRssMb?.toFixed(0)} MB, load ${loadNow.toFixed(1)}`);
      }
    }
  }

  for (const entry of corpora) {
    if (!flag('--no-provider-sample')) entry.providerSample = await sampleCustomProvider(entry);
    entry.summary = summarize(entry);
    // Findings: CLI vs language server, and the CLI vs the injected errors.
    entry.recall = scoreRecall(entry.expected, entry.cliOutput.findings);
    log(`${entry.shape} CLI: ${entry.cliOutput.resources} resources, ${entry.cliOutput.findings.length} findings; recall ${entry.recall.found}/${entry.recall.injected}, ${entry.recall.extraFindings} extra`);
    if (!flag('--no-server-check')) entry.serverCheck = await checkServer({ corpusDir: entry.dir, cliFindings: entry.cliOutput.findings });
    entry.verdicts = corpusVerdicts(entry);
  }
  const nproc = os.availableParallelism?.() ?? os.cpus().length;
  // A contender itself adds about 1 to the load average; more than nproc + 0.5 means others were running too.
  const busy = Math.max(maxLoad, os.loadavg()[0]) > nproc + 0.5;

  let editor;
  if (!flag('--no-editor')) {
    log('running bench/editor.mjs …');
    const editorFile = path.join(resultsDir, quick ? 'editor-quick.json' : 'editor.json');
    if (fs.existsSync(editorFile)) fs.rmSync(editorFile);
    const status = await new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(benchDir, 'editor.mjs'), ...(quick ? ['--quick'] : [])], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('close', resolve);
    });
    if (status === 0 && fs.existsSync(editorFile)) editor = JSON.parse(fs.readFileSync(editorFile, 'utf8'));
    else log(`bench/editor.mjs failed (exit ${status})`);
  }
  const editorVerdict = editor
    ? { target: `editor didChange → publishDiagnostics p95 ≤ ${targets.editorP95Ms} ms`, value: `p95 ${editor.server.p95Ms.toFixed(1)} ms (p50 ${editor.server.p50Ms.toFixed(1)}, max ${editor.server.maxMs.toFixed(1)}; yaml-language-server p95 ${editor.yls ? editor.yls.p95Ms.toFixed(0) : '–'} ms)`, pass: editor.server.p95Ms <= targets.editorP95Ms }
    : undefined;

  const machine = {
    nproc,
    nodeStart: process.env.NODE_EXTRA_CA_CERTS === undefined ? undefined : await nodeStartCost(),
    busy,
    maxLoadAverageDuringRuns: Number(maxLoad.toFixed(2)),
    cpu: os.cpus()[0]?.model,
    totalMemoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverageBefore: loadBefore.map((value) => Number(value.toFixed(2))),
    loadAverageAfter: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
  const results = Object.fromEntries(corpora.map((entry) => [entry.shape, corpusResult(entry)]));
  // The top-level fields are the headline corpus's, as before there were two (other tools read `summary`).
  const headline = results.realistic ?? results[shapesToRun[0]];
  const result = {
    benchmark: 'validate',
    startedAt: startedAt.toISOString(),
    seconds: Number(((Date.now() - startedAt.getTime()) / 1000).toFixed(1)),
    machine,
    ...headline,
    editor,
    targets: [...headline.targets, editorVerdict].filter(Boolean),
    corpora: results,
    benchPeakRssMb: peakRssMb(),
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  // validate.json always has the realistic corpus at the top; a lean-only run writes beside it.
  const outFile = path.join(resultsDir, `validate${results.realistic ? '' : '-lean'}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  printReport({ result, corpora, editorVerdict, outFile });
}

/** measureContender runs one contender once on one corpus; the CLI's output is kept and checked. */
async function measureContender({ entry, contender, loadNow }) {
  const run = await runMeasured({ args: contender.args, cwd: contender.cwd ?? projectRoot, timeoutMs: 600_000, env: contenderEnv });
  const isCli = contender.id === 'cli';
  // The CLI exits 1 when it finds errors (the corpus has them); library contenders print a result.
  if (isCli ? run.status !== 0 && run.status !== 1 : !run.result) throw new Error(`${entry.shape}: ${contender.id} failed (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  if (isCli) entry.cliOutput = JSON.parse(run.stdout);
  // Library contenders report their in-process time (after module loading); the CLI is timed as a process.
  const seconds = isCli ? run.wallSeconds : run.result.seconds;
  const cpuSeconds = isCli ? run.cpuSeconds : run.result.cpuSeconds;
  const counts = run.result ?? { resources: entry.cliOutput.resources, findings: entry.cliOutput.findings.length };
  return { ...counts, seconds, cpuSeconds, wallSeconds: run.wallSeconds, processCpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb, loadAverage: Number(loadNow.toFixed(2)) };
}

/**
 * nodeStartCost times `node -e 0` with and without NODE_EXTRA_CA_CERTS, 5 interleaved pairs
 * (medians, ms): what leaving it out of the contenders' environment takes off the CLI's time.
 */
async function nodeStartCost() {
  const withCertificates = [];
  const without = [];
  for (let pair = 0; pair < 5; pair++) {
    without.push((await runMeasured({ args: ['-e', '0'], cwd: projectRoot, env: contenderEnv })).wallSeconds * 1000);
    withCertificates.push((await runMeasured({ args: ['-e', '0'], cwd: projectRoot })).wallSeconds * 1000);
  }
  return { nodeExtraCaCerts: 'set here; left out of the contenders\' environment', ms: Number(median(without).toFixed(1)), withNodeExtraCaCertsMs: Number(median(withCertificates).toFixed(1)) };
}

/** sampleCustomProvider times yaml-language-server's custom schema provider on a sample and extrapolates. */
async function sampleCustomProvider({ shape, dir, corpus }) {
  const sampleDocuments = Math.min(1000, corpus.documents);
  const run = await runMeasured({ args: [path.join(benchDir, 'contenders', 'yamlLanguageServer.mjs'), dir, '--provider', '--limit', String(sampleDocuments)], cwd: projectRoot, timeoutMs: 600_000, env: contenderEnv });
  if (!run.result) {
    log(`${shape}: custom-provider sample failed: ${run.stderr.slice(0, 500)}`);
    return undefined;
  }
  const sample = { ...run.result, peakRssMb: run.peakRssMb, extrapolatedSeconds: (run.result.seconds * corpus.documents) / run.result.documents };
  log(`${shape}: yaml-language-server with registerCustomSchemaProvider: ${run.result.documents} documents in ${run.result.seconds.toFixed(2)} s → ~${sample.extrapolatedSeconds.toFixed(0)} s for the corpus`);
  return sample;
}

/** summarize: per contender the median and spread of its runs, and its ratios to js-yaml. */
function summarize({ contenders, runs, corpus }) {
  const summary = {};
  for (const contender of contenders) {
    const list = runs[contender.id];
    const seconds = median(list.map((run) => run.seconds));
    summary[contender.id] = {
      label: contender.label,
      seconds,
      minSeconds: Math.min(...list.map((run) => run.seconds)),
      maxSeconds: Math.max(...list.map((run) => run.seconds)),
      processSeconds: median(list.map((run) => run.wallSeconds)),
      cpuSeconds: median(list.map((run) => run.cpuSeconds ?? NaN)),
      resourcesPerSecond: corpus.documents / seconds,
      peakRssMb: Math.max(...list.map((run) => run.peakRssMb ?? 0)),
    };
  }
  for (const entry of Object.values(summary)) {
    entry.ratioToJsYaml = entry.seconds / summary['js-yaml'].seconds;
    entry.processRatioToJsYaml = entry.processSeconds / summary['js-yaml'].processSeconds;
    entry.cpuRatioToJsYaml = entry.cpuSeconds / summary['js-yaml'].cpuSeconds;
  }
  return summary;
}

/** corpusVerdicts: the issue's targets measured on one corpus (the editor's is separate: it has its own file). */
function corpusVerdicts({ summary, serverCheck, recall }) {
  const cli = summary.cli;
  return [
    { target: `throughput ≥ ${targets.resourcesPerSecond.toLocaleString('en')} resources/s`, value: `${Math.round(cli.resourcesPerSecond).toLocaleString('en')} resources/s`, pass: cli.resourcesPerSecond >= targets.resourcesPerSecond },
    { target: `≤ ${targets.maxRatioToJsYaml}× the js-yaml floor`, value: `${cli.ratioToJsYaml.toFixed(2)}× (CLI process vs js-yaml in-process; process vs process ${cli.processRatioToJsYaml.toFixed(2)}×; CPU time ${cli.cpuRatioToJsYaml.toFixed(2)}×)`, pass: cli.ratioToJsYaml <= targets.maxRatioToJsYaml },
    { target: `≥ ${targets.minSpeedupOverYls}× faster than yaml-language-server`, value: `${(summary.yls.seconds / cli.seconds).toFixed(2)}× (CLI process vs yaml-language-server in-process; process vs process ${(summary.yls.processSeconds / cli.processSeconds).toFixed(2)}×; CPU time ${(summary.yls.cpuSeconds / cli.cpuSeconds).toFixed(2)}×)`, pass: summary.yls.seconds / cli.seconds >= targets.minSpeedupOverYls },
    serverCheck
      ? { target: 'identical findings, CLI and language server', value: serverCheck.equal ? `equal (${serverCheck.serverFindings} findings)` : `${serverCheck.onlyCli.length} only in CLI, ${serverCheck.onlyServer.length} only in server`, pass: serverCheck.equal }
      : undefined,
    { target: 'every injected error found (recall)', value: `${recall.found}/${recall.injected} (${recall.lineMatched} on the exact line), ${recall.extraFindings} extra findings`, pass: recall.found === recall.injected },
  ].filter(Boolean);
}

/** corpusResult: one corpus's part of bench/results/validate.json (the fields the file always had). */
function corpusResult({ shape, dir, corpus, summary, runs, providerSample, cliOutput, recall, serverCheck, verdicts }) {
  return {
    corpus: { shape, dir: path.relative(projectRoot, dir), ...corpus, meanDocumentBytes: Math.round(corpus.bytes / corpus.documents), meanDocumentLines: Number((corpus.lines / corpus.documents).toFixed(1)) },
    reps,
    warmups,
    summary,
    runs,
    yamlLanguageServerCustomProviderSample: providerSample,
    cli: { resources: cliOutput.resources, findings: cliOutput.findings.length, byRule: countBy(cliOutput.findings, (finding) => `${finding.rule}/${finding.severity}`) },
    recall,
    serverCheck,
    targets: verdicts,
  };
}

/** checkServer lets the language server index the corpus and compares what it publishes with the CLI's findings. */
async function checkServer({ corpusDir, cliFindings }) {
  log('language server: indexing the corpus and collecting publishDiagnostics …');
  const files = listYamlFiles(corpusDir).filter((file) => !path.basename(file).startsWith('.'));
  const started = performance.now();
  let indexedMessage;
  const server = await startServer({ folder: corpusDir, onLog: (message) => (/^Indexed /.test(message) ? (indexedMessage = message) : undefined) });
  let firstAllAt;
  const quiet = await server.waitQuiet({
    done: () => {
      const complete = server.latest.size >= files.length;
      if (complete && firstAllAt === undefined) firstAllAt = performance.now();
      return complete;
    },
    quietMs: 1500,
    timeoutMs: 240_000,
  });
  const serverPeakRssMb = peakRssMb(server.process.pid);
  const serverKeys = [];
  for (const params of server.latest.values()) serverKeys.push(...keysOfDiagnostics(corpusDir, params));
  const stderr = server.stderr();
  await server.stop();
  const comparison = compareKeys(cliFindings.map(keyOfCliFinding), serverKeys);
  const check = {
    equal: comparison.equal && !quiet.timedOut,
    timedOut: quiet.timedOut,
    filesPublished: server.latest.size,
    files: files.length,
    publications: server.publishCount(),
    serverFindings: serverKeys.length,
    cliFindings: cliFindings.length,
    onlyCli: comparison.onlyLeft.slice(0, 20),
    onlyServer: comparison.onlyRight.slice(0, 20),
    onlyCliCount: comparison.onlyLeft.length,
    onlyServerCount: comparison.onlyRight.length,
    secondsToAllDiagnostics: firstAllAt !== undefined ? (firstAllAt - started) / 1000 : undefined,
    indexedMessage,
    serverPeakRssMb,
    serverStderr: stderr.slice(0, 2000) || undefined,
  };
  log(`language server: ${check.filesPublished}/${check.files} files published in ${check.secondsToAllDiagnostics?.toFixed(1) ?? '?'} s, ${check.serverFindings} findings — ${check.equal ? 'identical to the CLI' : `DIFFERENT (${check.onlyCliCount} only CLI, ${check.onlyServerCount} only server)`}; peak RSS ${serverPeakRssMb?.toFixed(0)} MB`);
  return check;
}

function countBy(list, keyOf) {
  const counts = {};
  for (const item of list) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
}

/** printReport prints the machine, one table per corpus with its verdicts, the corpora side by side, and the editor's line. */
function printReport({ result, corpora, editorVerdict, outFile }) {
  const { machine } = result;
  const out = [''];
  out.push(`Validation benchmark — ${corpora.map(({ shape }) => shape).join(' and ')} ${corpora.length > 1 ? 'corpora' : 'corpus'}; median of ${result.reps}`);
  out.push(`machine: ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}, load average before ${machine.loadAverageBefore.join(' ')} / after ${machine.loadAverageAfter.join(' ')}, max during runs ${machine.maxLoadAverageDuringRuns}`);
  if (machine.nodeStart) out.push(`NODE_EXTRA_CA_CERTS is set here and left out of the contenders' environment: Node's start (node -e 0) takes ${machine.nodeStart.ms.toFixed(0)} ms without it, ${machine.nodeStart.withNodeExtraCaCertsMs.toFixed(0)} ms with it.`);
  if (machine.busy) out.push('WARNING: the machine was busy (1-minute load average above cores + 0.5 during the runs): wall times are inflated and noisy; the CPU-time ratios are the better guide.');
  for (const entry of corpora) out.push('', ...corpusReport(entry));
  out.push('');
  out.push('seconds: wall time, median; the CLI as a whole process (start, read, parse, validate, print), the others in process after module loading (read + parse/validate).');
  out.push('cpu s: user + system CPU time over the same span (the CLI: the whole process, all threads).');
  if (corpora.length > 1) out.push('', ...formatTable(sideBySide(corpora)));
  if (result.editor) {
    const { server, yls } = result.editor;
    out.push('');
    out.push(`editor (${result.editor.documents} documents, ${server.edits} one-line edits): server p50 ${server.p50Ms.toFixed(1)} ms, p95 ${server.p95Ms.toFixed(1)} ms, max ${server.maxMs.toFixed(1)} ms, peak RSS ${server.peakRssMb?.toFixed(0)} MB` +
      (yls ? `; yaml-language-server doValidation median ${yls.medianMs.toFixed(0)} ms, p95 ${yls.p95Ms.toFixed(0)} ms (${yls.edits} edits), peak RSS ${yls.peakRssMb?.toFixed(0)} MB` : ''));
    out.push(`${editorVerdict.pass ? 'PASS' : 'FAIL'}  ${editorVerdict.target}: ${editorVerdict.value}`);
  }
  out.push(`results: ${path.relative(projectRoot, outFile)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** corpusReport: one corpus's heading (name, size, js-yaml time), table, verdicts and extra findings. */
function corpusReport({ shape, dir, corpus, summary, providerSample, serverCheck, verdicts, recall }) {
  const out = [];
  const kb = corpus.bytes / corpus.documents / 1024;
  out.push(`== corpus ${shape} (${path.relative(projectRoot, dir)}) — ${corpusRoles[shape]}`);
  out.push(`   ${corpus.files.toLocaleString('en')} files, ${corpus.documents.toLocaleString('en')} resources, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.lines.toLocaleString('en')} lines; mean document ${kb.toFixed(2)} KB, ${(corpus.lines / corpus.documents).toFixed(1)} lines; ${corpus.injected} injected errors; js-yaml ${summary['js-yaml'].seconds.toFixed(2)} s (cpu ${summary['js-yaml'].cpuSeconds.toFixed(2)} s)`);
  const rows = [['contender', 'seconds', 'min–max', 'cpu s', 'process s', 'resources/s', '× js-yaml', 'peak RSS MB']];
  for (const id of ['cli', 'yls', 'js-yaml', 'yaml']) {
    const entry = summary[id];
    rows.push([
      entry.label,
      entry.seconds.toFixed(2),
      `${entry.minSeconds.toFixed(2)}–${entry.maxSeconds.toFixed(2)}`,
      entry.cpuSeconds.toFixed(2),
      entry.processSeconds.toFixed(2),
      Math.round(entry.resourcesPerSecond).toLocaleString('en'),
      entry.ratioToJsYaml.toFixed(2),
      entry.peakRssMb.toFixed(0),
    ]);
  }
  if (providerSample) {
    rows.push([`yaml-language-server, custom schema provider (${providerSample.documents} docs, extrapolated)`, `~${providerSample.extrapolatedSeconds.toFixed(0)}`, '', '', '', Math.round(corpus.documents / providerSample.extrapolatedSeconds).toLocaleString('en'), (providerSample.extrapolatedSeconds / summary['js-yaml'].seconds).toFixed(1), providerSample.peakRssMb?.toFixed(0) ?? '']);
  }
  if (serverCheck) rows.push(['language server: index corpus → all diagnostics published', serverCheck.secondsToAllDiagnostics?.toFixed(2) ?? '–', '', '', '', '', '', serverCheck.serverPeakRssMb?.toFixed(0) ?? '']);
  out.push('', ...formatTable(rows), '');
  for (const verdict of verdicts) out.push(`${verdict.pass ? 'PASS' : 'FAIL'}  [${shape}] ${verdict.target}: ${verdict.value}`);
  if (serverCheck && !serverCheck.equal) {
    for (const key of serverCheck.onlyCli.slice(0, 5)) out.push(`      only CLI:    ${key}`);
    for (const key of serverCheck.onlyServer.slice(0, 5)) out.push(`      only server: ${key}`);
  }
  for (const item of recall.missed.slice(0, 5)) out.push(`      missed: ${item.file}:${item.line} ${item.rule} (${item.injected})`);
  out.push(`extra findings by rule: ${JSON.stringify(recall.extraByRule)}`);
  return out;
}

/** sideBySide: one row per corpus with the numbers the targets are judged on. */
function sideBySide(corpora) {
  const rows = [['corpus', 'MB', 'KB/document', 'js-yaml s', 'CLI s', 'CLI cpu s', 'resources/s', 'CLI × js-yaml', 'yls ÷ CLI', 'findings']];
  for (const { shape, corpus, summary, cliOutput } of corpora) {
    rows.push([
      shape,
      (corpus.bytes / 1e6).toFixed(1),
      (corpus.bytes / corpus.documents / 1024).toFixed(2),
      summary['js-yaml'].seconds.toFixed(2),
      summary.cli.seconds.toFixed(2),
      summary.cli.cpuSeconds.toFixed(2),
      Math.round(summary.cli.resourcesPerSecond).toLocaleString('en'),
      summary.cli.ratioToJsYaml.toFixed(2),
      (summary.yls.seconds / summary.cli.seconds).toFixed(2),
      String(cliOutput.findings.length),
    ]);
  }
  return rows;
}

/** formatTable aligns rows: the first column left, the others right, a rule under the header. */
function formatTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)];
}

main().catch((error) => {
  process.stderr.write(`bench/validate.mjs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

