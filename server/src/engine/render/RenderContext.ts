import type { Environment } from '../environments/Environment';
import type { ManifestIndex } from '../environments/ManifestIndex';
import type { ManifestDocument } from '../manifests/ManifestDocument';
import type { PlainMap } from '../manifests/plainData';
import { resourceIdentity } from '../manifests/resourceIdentity';
import { locateOrigin } from './locateOrigin';
import type { NotRendered, ObjectOrigin, RenderedObject, RenderProblem } from './RenderedObject';
import type { RenderOptions } from './RenderOptions';
import type { RenderTools } from './RenderTools';

/** RenderContext is what the renderers of one environment share and fill. */
export interface RenderContext {
  index: ManifestIndex;
  environment: Environment;
  tools: RenderTools;
  options: RenderOptions;
  /** Repository documents inside the environment's inputs: where origins are looked up by identity. */
  candidates: readonly ManifestDocument[];
  objects: RenderedObject[];
  notRendered: NotRendered[];
  problems: RenderProblem[];
}

/** SourcedValue is a rendered object before its origin is known, with what the tool said about its source. */
export interface SourcedValue {
  value: PlainMap;
  originFile?: string;
  configuredIn?: string;
  configuredBy?: string;
  templateFile?: string;
  /** The origin when the caller knows it exactly (a document read from the repository). */
  origin?: ObjectOrigin;
}

/** addRendered adds objects to the result, with identity and origin; values that are not objects are dropped. */
export function addRendered(context: RenderContext, values: readonly SourcedValue[], producedBy: string): RenderedObject[] {
  const added: RenderedObject[] = [];
  for (const sourced of values) {
    const identity = resourceIdentity(sourced.value);
    if (!identity) continue;
    const origin = sourced.origin ?? locateOrigin({ index: context.index, identity, candidates: context.candidates, ...sourced });
    const rendered: RenderedObject = { object: sourced.value, identity, producedBy, ...(origin ? { origin } : {}) };
    context.objects.push(rendered);
    added.push(rendered);
  }
  return added;
}

/** messageOf gives an error's message without a stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
