#!/usr/bin/env node
// The corpus calibration measure: js-yaml loadAll of a whole corpus, parse only (every file read
// into memory first), in process, warm (one untimed pass first), corpora interleaved pass by pass
// so that the machine's load hits them alike. The lean corpus was sized with it against the issue's
// reference (js-yaml loadAll 0.39 s) and the realistic corpus; see docs/benchmarks.md.
//
//   node bench/lib/calibrateJsYaml.mjs [--passes N (default 9)] DIR [DIR …]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listYamlFiles, requireProject } from './project.mjs';

const jsYaml = requireProject('js-yaml');

/** loadAllTexts parses every text as bench/contenders/parseJsYaml.mjs does; returns the documents parsed. */
function loadAllTexts(texts) {
  let documents = 0;
  for (const text of texts) {
    try {
      for (const value of jsYaml.loadAll(text)) if (value !== null && value !== undefined) documents++;
    } catch {
      // A file with a duplicate key: its documents one by one, as the contender does.
      for (const chunk of text.split(/^---[ \t]*$/m)) {
        try {
          if (jsYaml.load(chunk) != null) documents++;
        } catch {
          // unparsable document
        }
      }
    }
  }
  return documents;
}

/** timePass returns wall and CPU seconds of one parse of every text. */
function timePass(texts) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const documents = loadAllTexts(texts);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, documents };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** calibrate measures each corpus `passes` times after one warm pass; returns one entry per directory. */
export function calibrate({ dirs, passes = 9 }) {
  const corpora = dirs.map((dir) => {
    const texts = listYamlFiles(dir).map((file) => fs.readFileSync(file, 'utf8'));
    const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    return { dir, texts, bytes, runs: [] };
  });
  for (const corpus of corpora) loadAllTexts(corpus.texts);
  for (let pass = 0; pass < passes; pass++) {
    for (const corpus of corpora) corpus.runs.push({ ...timePass(corpus.texts), load: os.loadavg()[0] });
  }
  return corpora.map(({ dir, texts, bytes, runs }) => ({
    dir,
    files: texts.length,
    bytes,
    documents: runs[0].documents,
    seconds: median(runs.map((run) => run.seconds)),
    minSeconds: Math.min(...runs.map((run) => run.seconds)),
    cpuSeconds: median(runs.map((run) => run.cpuSeconds)),
    runs,
  }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const passesAt = args.indexOf('--passes');
  const passes = passesAt === -1 ? 9 : Number(args[passesAt + 1]);
  const dirs = passesAt === -1 ? args : args.filter((_, i) => i !== passesAt && i !== passesAt + 1);
  const loadBefore = os.loadavg()[0];
  const results = calibrate({ dirs: dirs.map((dir) => path.resolve(dir)), passes });
  process.stdout.write(`1-minute load average before ${loadBefore.toFixed(2)}, after ${os.loadavg()[0].toFixed(2)}\n`);
  for (const entry of results) {
    process.stdout.write(`${path.relative(process.cwd(), entry.dir)}: ${entry.files} files, ${entry.documents} documents, ${(entry.bytes / 1e6).toFixed(1)} MB — js-yaml loadAll median ${entry.seconds.toFixed(3)} s (min ${entry.minSeconds.toFixed(3)}), CPU ${entry.cpuSeconds.toFixed(3)} s; passes ${entry.runs.map((run) => run.seconds.toFixed(3)).join(' ')}\n`);
  }
  if (results.length > 1) {
    for (const entry of results.slice(1)) process.stdout.write(`ratio ${path.basename(entry.dir)} / ${path.basename(results[0].dir)}: wall ${(entry.seconds / results[0].seconds).toFixed(3)} (min ${(entry.minSeconds / results[0].minSeconds).toFixed(3)}), CPU ${(entry.cpuSeconds / results[0].cpuSeconds).toFixed(3)}\n`);
  }
}
