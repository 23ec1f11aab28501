/** The target version used when the setting cannot be read. */
export const defaultKubernetesVersion = '1.34';

/** parseKubernetesVersion reads "1.34", "v1.34", "1.34.2" as numbers; undefined when it is none of these. */
export function parseKubernetesVersion(text: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/**
 * compareKubernetesVersions compares numerically ("1.9" < "1.16"); negative, 0 or positive.
 * Unreadable versions compare as the default target version.
 */
export function compareKubernetesVersions(a: string, b: string): number {
  const fallback = parseKubernetesVersion(defaultKubernetesVersion) as number[];
  const left = parseKubernetesVersion(a) ?? fallback;
  const right = parseKubernetesVersion(b) ?? fallback;
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
