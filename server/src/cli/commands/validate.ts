import { parseArgs } from 'node:util';
import { defaultValidationOptions } from '../../engine/validation/ValidationOptions';
import { validatePaths } from '../../engine/validation/validatePaths';
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

/** validate is the `gitops-workbench validate` command. */
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
  const result = validatePaths({ paths: positionals, cwd: args.io.cwd, options });
  const output =
    format === 'json' ? formatFindingsJson({ result, cwd: args.io.cwd })
    : format === 'sarif' ? formatFindingsSarif({ result })
    : formatFindingsText({ result, cwd: args.io.cwd });
  args.io.stdout(output);
  return result.findings.some((finding) => finding.severity === 'error') ? exitCodes.findings : exitCodes.clean;
}
