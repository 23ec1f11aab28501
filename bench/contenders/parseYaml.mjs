// Contender "yaml": parseAllDocuments + toJS of every file (the `yaml` package, with positions).
//   node bench/contenders/parseYaml.mjs <corpusDir>
// Prints BENCH_RESULT {seconds, documents, documentsWithErrors}; seconds = list + read + parse.
import * as fs from 'node:fs';
import { listYamlFiles, requireProject } from '../lib/project.mjs';

const { parseAllDocuments } = requireProject('yaml');
const started = performance.now();
const cpuStarted = process.cpuUsage();
let documents = 0;
let documentsWithErrors = 0;
for (const file of listYamlFiles(process.argv[2])) {
  const parsed = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  for (const document of Array.isArray(parsed) ? parsed : []) {
    if (document.errors.length > 0) {
      documentsWithErrors++;
      continue;
    }
    const value = document.toJS();
    if (value !== null && value !== undefined) documents++;
  }
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(`BENCH_RESULT ${JSON.stringify({ seconds, cpuSeconds, documents, documentsWithErrors })}`);
