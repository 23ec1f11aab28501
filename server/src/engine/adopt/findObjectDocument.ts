import { groupOf, type ObjectRef } from './ObjectRef';
import type { YamlFile, YamlFileDocument } from './parseYamlFile';

/**
 * findObjectDocument finds the document of a file that declares a rendered object: same group and
 * kind, the name the rendered name contains (kustomize adds prefixes, suffixes and hashes) — exact
 * first, then the same namespace, then the longest — and, among equals, the one nearest the line the
 * render said (1-based `originLine`; edits since may have moved it). Undefined when no document
 * declares an object of that kind and name (generated objects: the origin is the generator).
 */
export function findObjectDocument(args: { file: YamlFile; object: ObjectRef; originLine?: number }): YamlFileDocument | undefined {
  const { object } = args;
  const group = groupOf(object.apiVersion);
  let best: YamlFileDocument | undefined;
  let bestScore = -Infinity;
  for (const document of args.file.documents) {
    const identity = document.identity;
    if (!identity || identity.kind !== object.kind || identity.group !== group || identity.name === '' || !object.name.includes(identity.name)) continue;
    const exact = identity.name === object.name ? 1_000_000 : 0;
    const namespace = identity.namespace === undefined || identity.namespace === object.namespace ? 100_000 : 0;
    const distance = args.originLine === undefined ? 0 : Math.min(Math.abs(document.contentLine + 1 - args.originLine), 9_999);
    const score = exact + namespace + identity.name.length * 10_000 - distance;
    if (score > bestScore) {
      best = document;
      bestScore = score;
    }
  }
  return best;
}
