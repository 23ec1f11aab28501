import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { asList, asMap, asText, type PlainMap } from '../manifests/plainData';
import { kustomizationFileNames } from '../manifests/readKustomization';
import { runTool } from './runTool';
import type { KustomizeCommand } from './RenderTools';

/** originAnnotation is the annotation kustomize's `buildMetadata: [originAnnotations]` writes. */
export const originAnnotation = 'config.kubernetes.io/origin';

/** BuiltObject is one object of a kustomize build and, from kustomize's origin annotation, where it came from. */
export interface BuiltObject {
  value: PlainMap;
  /** Absolute file the object was read from. */
  originFile?: string;
  /** Absolute kustomization file whose generator (configMapGenerator, helmCharts…) made the object. */
  configuredIn?: string;
  /** The generator's kind, e.g. ConfigMapGenerator, HelmChartInflationGenerator. */
  configuredBy?: string;
}

/**
 * buildKustomization runs kustomize on a kustomization written to a temporary directory (never in
 * the user's repository) that takes in `directory` (a kustomization of the repository) or
 * `resources` (files and directories, as Flux generates for a plain directory), plus `overlay`
 * fields (namespace, patches, images, components, namePrefix…: what Flux and Argo CD add). The
 * wrapper asks for `buildMetadata: [originAnnotations]`, so every object says where it came from;
 * the annotation is removed again unless the user's own kustomization asks for it (then it is
 * rewritten relative to that kustomization, as a direct `kustomize build` writes it). Top-level
 * `sortOptions` of the user's kustomization are carried over, so the order is kustomize's own.
 * Plugins: only `--enable-helm` (builtin HelmChartInflationGenerator) when asked; exec and KRM
 * function plugins are never enabled.
 */
export async function buildKustomization(args: {
  kustomize: KustomizeCommand;
  directory?: string;
  resources?: readonly string[];
  overlay?: PlainMap;
  components?: readonly string[];
  loadRestrictor: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
  helmCommand?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<BuiltObject[]> {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-render-'));
  try {
    const relative = (target: string): string => path.relative(temporary, target).split(path.sep).join('/');
    const own = args.directory ? readOwnKustomization(args.directory) : {};
    const ownMetadata = asList(own.buildMetadata).filter((entry): entry is string => typeof entry === 'string');
    const userWantsOrigins = ownMetadata.includes('originAnnotations');
    const wrapper: PlainMap = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...(args.directory ? [relative(args.directory)] : []), ...(args.resources ?? []).map(relative)],
      ...(args.overlay ?? {}),
      buildMetadata: [...new Set([...ownMetadata.filter((entry) => entry !== 'transformerAnnotations'), 'originAnnotations'])],
    };
    if (args.components && args.components.length > 0) wrapper.components = args.components.map(relative);
    if (own.sortOptions !== undefined) wrapper.sortOptions = own.sortOptions;
    fs.writeFileSync(path.join(temporary, 'kustomization.yaml'), jsYaml.dump(wrapper, { noRefs: true }));
    const flags = ['--load-restrictor', args.loadRestrictor];
    if (args.helmCommand) flags.push('--enable-helm', '--helm-command', args.helmCommand);
    const output = await runTool({ command: args.kustomize.command, args: [...args.kustomize.args, temporary, ...flags], cwd: temporary, env: args.env, timeoutMs: args.timeoutMs, signal: args.signal });
    const objects: BuiltObject[] = [];
    for (const value of jsYaml.loadAll(output, undefined, { schema: jsYaml.CORE_SCHEMA })) {
      const map = asMap(value);
      if (!map) continue;
      const built: BuiltObject = { value: map };
      const metadata = asMap(map.metadata);
      const annotations = asMap(metadata?.annotations);
      const originText = asText(annotations?.[originAnnotation]);
      if (metadata && annotations && originText !== undefined) {
        const origin = asMap(safeLoad(originText));
        const originPath = asText(origin?.path);
        const configuredIn = asText(origin?.configuredIn);
        // Remote resources carry `repo`/`ref`: their path is inside that repository, not here.
        if (originPath && origin?.repo === undefined) built.originFile = path.resolve(temporary, originPath);
        if (configuredIn && origin?.repo === undefined) built.configuredIn = path.resolve(temporary, configuredIn);
        const configuredBy = asText(asMap(origin?.configuredBy)?.kind);
        if (configuredBy) built.configuredBy = configuredBy;
        if (userWantsOrigins && args.directory && origin) {
          const rewritten: PlainMap = { ...origin };
          if (built.originFile) rewritten.path = path.relative(args.directory, built.originFile).split(path.sep).join('/');
          if (built.configuredIn) rewritten.configuredIn = path.relative(args.directory, built.configuredIn).split(path.sep).join('/');
          annotations[originAnnotation] = jsYaml.dump(rewritten);
        } else {
          delete annotations[originAnnotation];
          if (Object.keys(annotations).length === 0) delete metadata.annotations;
        }
      }
      objects.push(built);
    }
    return objects;
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

function readOwnKustomization(directory: string): PlainMap {
  for (const name of kustomizationFileNames) {
    try {
      return asMap(safeLoad(fs.readFileSync(path.join(directory, name), 'utf8'))) ?? {};
    } catch {
      // Try the next recognised name.
    }
  }
  return {};
}

function safeLoad(text: string): unknown {
  try {
    return jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
}
