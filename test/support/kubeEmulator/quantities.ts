/**
 * Kubernetes resource quantities, canonicalised as apimachinery's Quantity.String() does:
 * `0.5` → `500m`, `1000m` → `1`, `0.25Gi` → `256Mi`, `1536Mi` stays, `1.5k` → `1500`.
 */

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

/** parseQuantity returns the exact value as numerator / 10^scale, or undefined when not a quantity. */
function parseQuantity(input: string): { numerator: bigint; scale: number; format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' } | undefined {
  const match = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(input.trim());
  if (!match) return undefined;
  const [, sign, number, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let numerator = BigInt((whole || '0') + fraction) * (sign === '-' ? -1n : 1n);
  let scale = fraction.length;
  let format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' = 'DecimalSI';
  if (suffix in binarySuffixes) {
    numerator *= 1024n ** BigInt(binarySuffixes[suffix]);
    format = 'BinarySI';
  } else if (/^[eE]/.test(suffix) && suffix.length > 1) {
    scale -= Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else scale -= decimalSuffixes[suffix];
  // Normalise the scale to be >= 0 (an integer value with no fraction has scale 0).
  if (scale < 0) {
    numerator *= 10n ** BigInt(-scale);
    scale = 0;
  }
  // Below nano precision: round up (away from zero) to 10^-9, as Quantity does.
  if (scale > 9) {
    const divisor = 10n ** BigInt(scale - 9);
    const quotient = numerator / divisor;
    numerator = quotient * divisor === numerator ? quotient : quotient + (numerator < 0n ? -1n : 1n);
    scale = 9;
  }
  return { numerator, scale, format };
}

export function isQuantity(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && parseQuantity(value) !== undefined);
}

/** canonicalQuantity returns the canonical string, or undefined when the input is not a quantity. */
export function canonicalQuantity(value: unknown): string | undefined {
  const text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : String(value).includes('e') ? value.toFixed(9) : String(value)) : typeof value === 'string' ? value : undefined;
  if (text === undefined) return undefined;
  const parsed = parseQuantity(text);
  if (!parsed) return undefined;
  let { numerator, scale, format } = parsed;
  if (numerator === 0n) return '0';
  const isInteger = numerator % 10n ** BigInt(scale) === 0n;
  if (format === 'BinarySI') {
    const integer = numerator / 10n ** BigInt(scale);
    if (!isInteger || (integer > -1024n && integer < 1024n)) format = 'DecimalSI';
    else {
      let exponent = 0;
      let mantissa = integer;
      while (exponent < 6 && mantissa % 1024n === 0n) {
        mantissa /= 1024n;
        exponent++;
      }
      return `${mantissa}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][exponent]}`;
    }
  }
  // value = numerator * 10^-scale = mantissa * 10^exponent with exponent a multiple of 3.
  let exponent = -scale;
  let mantissa = numerator;
  const remainder = ((exponent % 3) + 3) % 3;
  if (remainder !== 0) {
    mantissa *= 10n ** BigInt(remainder);
    exponent -= remainder;
  }
  while (mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exponent += 3;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = Object.entries(decimalSuffixes).find(([, power]) => power === exponent)?.[0];
  if (suffix !== undefined) return `${mantissa}${suffix}`;
  // Beyond exa: keep multiplying out.
  if (exponent > 18) return `${mantissa * 10n ** BigInt(exponent - 18)}E`;
  return `${mantissa}e${exponent}`;
}
