import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { defaultValidationOptions } from '../../engine/validation/ValidationOptions';
import { validatePaths } from '../../engine/validation/validatePaths';
import { validatePathsInWorker } from '../../engine/validation/validatePathsInWorker';
import { UsageError, exitCodes } from '../CliError';
import type { CliIo } from '../CliIo';
import { formatFindingsJson } from '../format/formatFindingsJson';
import { formatFindingsSarif } from '../format/formatFindingsSarif';
import { formatFindingsText } from '../format/formatFindingsText';

export const validateUsage = `Usage: gitops-workbench validate [PATH…] [--format text|json|sarif] [--kubernetes-version X.Y]

Validates Kubernetes, kustomize, Flux and Argo CD manifests offline. PATH defaults to the
current directory; directories are searched for *.yaml and *.yml, honouring .gitignore.
Exit 0 without errors, 1 with errors, 2 for usage or internal failure.`;

const formats = ['text', 'json', 'sarif'] as const;

/**
 * validate is the `gitops-workbench validate` command. When a core is idle (parseWorkerPays) and the
 * documents are large enough (workerWorthIt), files are read, parsed and checked by a worker thread
 * while this one sets and validates them (validatePathsInWorker); otherwise everything runs in this
 * thread (validatePaths). The findings are the same. GITOPS_WORKBENCH_PARSE_WORKER=1 or 0 forces
 * the choice.
 */
export async function validate(args: { argv: string[]; io: CliIo }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: args.argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'kubernetes-version': { type: 'string' },
      'max-file-size': { type: 'string' },
    },
  });
  const format = values.format as (typeof formats)[number];
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${values.format}"`);
  const options = defaultValidationOptions();
  const version = values['kubernetes-version'];
  if (version !== undefined) {
    if (!/^1\.\d+$/.test(version)) throw new UsageError(`--kubernetes-version must look like 1.34, not "${version}"`);
    options.kubernetesVersion = version;
  }
  if (values['max-file-size'] !== undefined) {
    const size = Number(values['max-file-size']);
    if (!Number.isInteger(size) || size <= 0) throw new UsageError('--max-file-size must be a positive number of bytes');
    options.maxFileSize = size;
  }
  const setting = args.io.env.GITOPS_WORKBENCH_PARSE_WORKER;
  const result = setting === '1' || (setting !== '0' && parseWorkerPays())
    ? await validatePathsInWorker({ paths: positionals, cwd: args.io.cwd, options, startWhen: setting === '1' ? undefined : workerWorthIt })
    : validatePaths({ paths: positionals, cwd: args.io.cwd, options });
  const output =
    format === 'json' ? formatFindingsJson({ result, cwd: args.io.cwd })
    : format === 'sarif' ? formatFindingsSarif({ result })
    : formatFindingsText({ result, cwd: args.io.cwd });
  args.io.stdout(output);
  return result.findings.some((finding) => finding.severity === 'error') ? exitCodes.findings : exitCodes.clean;
}

/**
 * workerWorthIt: the worker saves parse time, which grows with the text, and costs a hand-over per
 * document. Measured on two corpora of the same 20,000 resources (docs/benchmarks.md): with
 * documents of 1.2 KB on average it was 8% faster than one thread, with documents of 0.45 KB 6%
 * slower. The first files show which kind of repository this is.
 */
const workerWorthIt = { files: 32, charactersPerDocument: 800 };

/**
 * parseWorkerPays: a second thread only helps when a core is free for it. On a busy machine (the
 * 1-minute load average leaves less than one core idle) it competes with this thread and the
 * garbage collector's helpers, and was measured slower (docs/benchmarks.md).
 */
function parseWorkerPays(): boolean {
  const cores = os.availableParallelism();
  return cores >= 2 && os.loadavg()[0] <= cores - 1;
}
