const decimalPowers: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binaryPowers: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const quantitySyntax = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;

/**
 * quantityNanos reads a Kubernetes resource quantity (`500m`, `0.5`, `1Gi`, `1024Mi`, `1e3`, or a JSON
 * number) as an exact count of nano-units, the way apimachinery's ParseQuantity does: surrounding
 * whitespace ignored, values finer than 1n rounded away from zero to 1n. Undefined when the value is not
 * a quantity. Two quantities are the same value when their nano counts are equal (`500m` = `0.5`,
 * `1Gi` = `1024Mi`, `1` = "1").
 */
export function quantityNanos(value: unknown): bigint | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  // The same few quantities recur across thousands of objects (`100m`, `0.5Gi`): parse each once.
  const key = typeof value === 'string' ? `s${value}` : `n${value}`;
  const known = parsed.get(key);
  if (known !== undefined) return known ?? undefined;
  const nanos = parseQuantityNanos(value);
  if (parsed.size >= 4096) parsed.clear();
  parsed.set(key, nanos ?? null);
  return nanos;
}

/** Nano counts by value (`s` + text, `n` + number); null for values that are not quantities. */
const parsed = new Map<string, bigint | null>();

function parseQuantityNanos(value: string | number): bigint | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else text = value.trim();
  const match = quantitySyntax.exec(text);
  if (!match) return undefined;
  const [, sign, number, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let numerator = BigInt((whole || '0') + fraction);
  let scale = fraction.length; // value = numerator * 10^-scale
  if (suffix in binaryPowers) numerator *= 1024n ** BigInt(binaryPowers[suffix]);
  else if (suffix.length > 1) scale -= Number(suffix.slice(1));
  else scale -= decimalPowers[suffix];
  // Express in nano-units: numerator * 10^(9 - scale).
  const shift = 9 - scale;
  let nanos: bigint;
  if (shift >= 0) nanos = numerator * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    nanos = numerator / divisor;
    if (nanos * divisor !== numerator) nanos += 1n; // round up, away from zero (sign applied below)
  }
  return sign === '-' ? -nanos : nanos;
}
