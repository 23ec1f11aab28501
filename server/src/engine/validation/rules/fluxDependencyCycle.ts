import type { ManifestDocument } from '../../manifests/ManifestDocument';
import { asList, asMap, asText, valueAt } from '../../manifests/plainData';
import type { DocumentFinding, RepositoryRule } from '../Rule';
import { isFluxDocument } from './support/isFluxDocument';

interface Node {
  document: ManifestDocument;
  label: string;
  /** dependsOn entries: index in the list and the nodes they resolve to. */
  edges: { index: number; targets: Node[] }[];
}

const kinds = new Set(['kustomize.toolkit.fluxcd.io/Kustomization', 'helm.toolkit.fluxcd.io/HelmRelease']);

/**
 * flux-dependency-cycle: Flux Kustomizations (or HelmReleases) whose `dependsOn` form a cycle, so
 * none of them can ever become ready. Every member is reported at its dependsOn entry that stays in
 * the cycle, with the cycle spelled out. When a name is defined more than once (one Kustomization
 * per cluster directory), a dependsOn resolves to the definitions nearest in the directory tree.
 * A dependsOn that resolves to nothing is not a cycle.
 */
export const fluxDependencyCycle: RepositoryRule = {
  id: 'flux-dependency-cycle',
  defaultSeverity: 'error',
  description: 'Flux Kustomizations or HelmReleases depend on each other in a cycle.',
  scope: 'repository',
  concerns: isFluxDocument,
  check({ documents }) {
    const nodes: Node[] = [];
    const byKey = new Map<string, Node[]>();
    for (const document of documents) {
      const identity = document.identity;
      if (!identity || identity.name === '' || !kinds.has(`${identity.group}/${identity.kind}`)) continue;
      const node: Node = { document, label: identity.name, edges: [] };
      nodes.push(node);
      const key = nodeKey(identity.kind, identity.namespace, identity.name);
      const list = byKey.get(key);
      if (list) list.push(node);
      else byKey.set(key, [node]);
    }
    for (const node of nodes) {
      const identity = node.document.identity!;
      asList(valueAt(node.document.value, ['spec', 'dependsOn'])).forEach((item, index) => {
        const entry = asMap(item);
        const name = asText(entry?.name);
        if (!entry || name === undefined) return;
        const namespace = asText(entry.namespace) ?? identity.namespace;
        const candidates = byKey.get(nodeKey(identity.kind, namespace, name)) ?? [];
        node.edges.push({ index, targets: nearest(node.document.file, candidates) });
      });
    }
    const components = stronglyConnected(nodes);
    const findings: DocumentFinding[] = [];
    for (const component of components) {
      const members = new Set(component);
      const selfLoop = component.length === 1 && component[0].edges.some((edge) => edge.targets.includes(component[0]));
      if (component.length < 2 && !selfLoop) continue;
      const namespaces = new Set(component.map((node) => node.document.identity?.namespace ?? ''));
      const label = (node: Node): string => (namespaces.size > 1 ? `${node.document.identity?.namespace ?? ''}/${node.label}` : node.label);
      for (const node of component) {
        for (const edge of node.edges) {
          const next = edge.targets.find((target) => members.has(target));
          if (!next) continue;
          const cycle = [node, ...pathBack(next, node, members)].map(label).join(' → ');
          findings.push({ document: node.document, path: ['spec', 'dependsOn', edge.index], message: `dependsOn forms a cycle: ${cycle}; none of these can become ready` });
        }
      }
    }
    return findings;
  },
};

function nodeKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** nearest keeps the candidates whose file shares the longest directory prefix with `file`. */
function nearest(file: string, candidates: Node[]): Node[] {
  if (candidates.length < 2) return candidates;
  const a = file.split(/[\\/]/);
  const shared = candidates.map((candidate) => {
    const b = candidate.document.file.split(/[\\/]/);
    let count = 0;
    while (count < a.length - 1 && count < b.length - 1 && a[count] === b[count]) count++;
    return count;
  });
  const best = Math.max(...shared);
  return candidates.filter((_, index) => shared[index] === best);
}

/** pathBack finds the shortest path from `from` to `to` inside the component (breadth-first), both ends included. */
function pathBack(from: Node, to: Node, members: ReadonlySet<Node>): Node[] {
  const previous = new Map<Node, Node | undefined>([[from, undefined]]);
  const queue: Node[] = [from];
  while (queue.length > 0) {
    const current = queue.shift() as Node;
    if (current === to) break;
    for (const edge of current.edges) {
      for (const target of edge.targets) {
        if (!members.has(target) || previous.has(target)) continue;
        previous.set(target, current);
        queue.push(target);
      }
    }
  }
  const result: Node[] = [];
  for (let current: Node | undefined = to; current !== undefined; current = previous.get(current)) result.unshift(current);
  return result;
}

/** stronglyConnected is Tarjan's algorithm, iterative so deep graphs cannot overflow the stack. */
function stronglyConnected(nodes: readonly Node[]): Node[][] {
  const index = new Map<Node, number>();
  const low = new Map<Node, number>();
  const onStack = new Set<Node>();
  const stack: Node[] = [];
  const result: Node[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: Node; targets: Node[]; next: number }[] = [];
    const enter = (node: Node): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: node.edges.flatMap((edge) => edge.targets), next: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++];
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: Node[] = [];
        let member: Node;
        do {
          member = stack.pop() as Node;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        result.push(component.reverse());
      }
    }
  }
  return result;
}
