// Contender "js-yaml": loadAll of every file (the fastest JS YAML parser: the floor).
//   node bench/contenders/parseJsYaml.mjs <corpusDir>
// Prints BENCH_RESULT {seconds, documents, failedFiles}; seconds = list + read + parse, in process.
import * as fs from 'node:fs';
import { listYamlFiles, requireProject } from '../lib/project.mjs';

const jsYaml = requireProject('js-yaml');
const started = performance.now();
const cpuStarted = process.cpuUsage();
let documents = 0;
let failedFiles = 0;
for (const file of listYamlFiles(process.argv[2])) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    for (const value of jsYaml.loadAll(text)) if (value !== null && value !== undefined) documents++;
  } catch {
    // A file with a syntax error: load its documents one by one, as a validator must.
    failedFiles++;
    for (const chunk of text.split(/^---[ \t]*$/m)) {
      try {
        const value = jsYaml.load(chunk);
        if (value !== null && value !== undefined) documents++;
      } catch {
        // counted as unparsable
      }
    }
  }
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(`BENCH_RESULT ${JSON.stringify({ seconds, cpuSeconds, documents, failedFiles })}`);
