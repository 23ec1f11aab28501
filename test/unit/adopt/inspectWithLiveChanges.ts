import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AdoptionEdit } from '../../../server/src/engine/adopt/AdoptionPlan';
import { computeDrift } from '../../../server/src/engine/drift/computeDrift';
import { objectKey } from '../../../server/src/engine/drift/objectKey';
import { discoverEnvironments } from '../../../server/src/engine/environments/discoverEnvironments';
import { findEnvironment } from '../../../server/src/engine/environments/findEnvironment';
import type { EnvironmentInspection } from '../../../server/src/engine/inspect/EnvironmentInspection';
import type { PlainMap } from '../../../server/src/engine/manifests/plainData';
import { renderEnvironment } from '../../../server/src/engine/render/renderEnvironment';

/**
 * inspectWithLiveChanges inspects an environment of a fixture repository as the server does, with a
 * live state made of its rendered objects (namespaces defaulted) changed by `change` — the cluster's
 * side, without a cluster: render with the real kustomize, then the real drift core.
 */
export async function inspectWithLiveChanges(args: { root: string; environment: string; change?: (live: (kind: string, name: string) => PlainMap) => void; namespace?: string }): Promise<EnvironmentInspection> {
  const environment = findEnvironment({ environments: discoverEnvironments({ root: args.root }).environments, name: args.environment });
  const render = await renderEnvironment({ root: args.root, environment, options: { cache: false } });
  const namespace = environment.namespace ?? args.namespace ?? 'default';
  const desired = render.objects.map((rendered) => ({ ...rendered, identity: { ...rendered.identity, namespace: rendered.identity.namespace ?? namespace } }));
  const objects = new Map<string, PlainMap>();
  for (const rendered of desired) {
    const live = structuredClone(rendered.object);
    (live.metadata as PlainMap).namespace = rendered.identity.namespace;
    objects.set(objectKey(rendered.identity), live);
  }
  args.change?.((kind, name) => {
    const found = [...objects.values()].find((object) => object.kind === kind && (object.metadata as PlainMap).name === name);
    if (!found) throw new Error(`no live ${kind}/${name}`);
    return found;
  });
  const live = { objects, unknown: new Map<string, string>(), candidates: [], markers: { fluxKustomizations: [], fluxInventory: [], argoApplications: [] } };
  const drift = computeDrift({ desired, live, ignoreDifferences: [] });
  return { environment, cluster: { state: 'connected', warnings: [] }, render, desired, live, drift, ignoreDifferences: [], problems: [] };
}

/** applyAdoptionEdits writes a plan's edits into the work tree (what the editor does with the WorkspaceEdit). */
export function applyAdoptionEdits(root: string, edits: readonly AdoptionEdit[]): void {
  const byFile = new Map<string, AdoptionEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, list] of byFile) {
    const absolute = path.join(root, file);
    let text = fs.existsSync(absolute) ? fs.readFileSync(absolute, 'utf8') : '';
    for (const edit of [...list].sort((a, b) => (b.range ? offsetOf(text, b.range.start) : 0) - (a.range ? offsetOf(text, a.range.start) : 0))) {
      if (edit.create || !edit.range) text = edit.newText;
      else text = text.slice(0, offsetOf(text, edit.range.start)) + edit.newText + text.slice(offsetOf(text, edit.range.end));
    }
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, text);
  }
}

/** offsetOf turns a zero-based line/character position into a text offset. */
export function offsetOf(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + position.character;
}

/** textOf reads a repository file. */
export function textOf(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}
