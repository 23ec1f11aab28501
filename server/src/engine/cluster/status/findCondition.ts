import { asList, asMap, asText } from '../../manifests/plainData';

/** StatusCondition is one `.status.conditions[]` entry (metav1.Condition, or Argo CD's shape). */
export interface StatusCondition {
  type: string;
  /** "True", "False" or "Unknown" (absent in Argo CD's Application conditions). */
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** findCondition returns the condition of a type from an object's `.status.conditions`, when it has one. */
export function findCondition(args: { object: unknown; type: string }): StatusCondition | undefined {
  const conditions = asList(asMap(asMap(args.object)?.status)?.conditions);
  for (const entry of conditions) {
    const condition = asMap(entry);
    if (!condition || condition.type !== args.type) continue;
    const observedGeneration = condition.observedGeneration;
    return {
      type: args.type,
      ...optionalText('status', condition.status),
      ...optionalText('reason', condition.reason),
      ...optionalText('message', condition.message),
      ...optionalText('lastTransitionTime', condition.lastTransitionTime),
      ...(typeof observedGeneration === 'number' ? { observedGeneration } : {}),
    };
  }
  return undefined;
}

function optionalText<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  const text = asText(value);
  return (text === undefined ? {} : { [key]: text }) as { [P in K]?: string };
}
