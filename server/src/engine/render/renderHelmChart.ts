import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { asMap, type PlainMap } from '../manifests/plainData';
import { runTool } from './runTool';

/** ChartObject is one object of `helm template` and the template file it came from. */
export interface ChartObject {
  value: PlainMap;
  /** Absolute template file, from helm's `# Source:` comment. */
  templateFile?: string;
}

/**
 * renderHelmChart runs `helm template <release> <chartDir> --namespace <ns>` on a chart directory
 * of the repository, offline: values files in order, then `values` (written to a temporary file),
 * then `--set`/`--set-string` parameters. CRDs are included (Flux and Argo CD install them) and
 * chart tests are skipped (neither applies them unless asked).
 */
export async function renderHelmChart(args: {
  helm: string;
  chartDirectory: string;
  releaseName: string;
  namespace: string;
  valuesFiles?: readonly string[];
  values?: PlainMap;
  parameters?: readonly { name: string; value: string; forceString: boolean }[];
  includeCrds?: boolean;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<ChartObject[]> {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-helm-'));
  try {
    const helmArgs = ['template', args.releaseName, args.chartDirectory, '--namespace', args.namespace, '--skip-tests'];
    if (args.includeCrds !== false) helmArgs.push('--include-crds');
    for (const file of args.valuesFiles ?? []) helmArgs.push('--values', file);
    if (args.values && Object.keys(args.values).length > 0) {
      const valuesFile = path.join(temporary, 'values.yaml');
      fs.writeFileSync(valuesFile, jsYaml.dump(args.values, { noRefs: true }));
      helmArgs.push('--values', valuesFile);
    }
    for (const parameter of args.parameters ?? []) helmArgs.push(parameter.forceString ? '--set-string' : '--set', `${parameter.name}=${parameter.value}`);
    // A private helm home: user plugins and repository settings play no part in an offline template.
    const env = { ...args.env, HELM_CACHE_HOME: path.join(temporary, 'cache'), HELM_CONFIG_HOME: path.join(temporary, 'config'), HELM_DATA_HOME: path.join(temporary, 'data') };
    const output = await runTool({ command: args.helm, args: helmArgs, cwd: temporary, env, timeoutMs: args.timeoutMs, signal: args.signal });
    return parseHelmOutput(output, args.chartDirectory);
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** parseHelmOutput splits `helm template` output into objects, each with the template file its `# Source:` names. */
export function parseHelmOutput(output: string, chartDirectory: string): ChartObject[] {
  const objects: ChartObject[] = [];
  for (const chunk of output.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim();
    let values: unknown[];
    try {
      values = jsYaml.loadAll(chunk, undefined, { schema: jsYaml.CORE_SCHEMA });
    } catch {
      continue;
    }
    for (const value of values) {
      const map = asMap(value);
      if (!map) continue;
      // "<chart name>/templates/x.yaml": the first segment is the chart's name, not its directory.
      const templateFile = source ? path.join(chartDirectory, ...source.split('/').slice(1)) : undefined;
      objects.push({ value: map, ...(templateFile ? { templateFile } : {}) });
    }
  }
  return objects;
}
