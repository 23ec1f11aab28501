let lastNanos = 0n;

/**
 * formatRfc3339Nano writes a time as Go's time.RFC3339Nano does in UTC — what `flux reconcile`
 * writes into reconcile.fluxcd.io/requestedAt: `2006-01-02T15:04:05.999999999Z`, the fraction
 * with its trailing zeros dropped (and no '.' when it is zero). Without `date`, now, to the
 * nanosecond as far as the clock tells, and strictly later than the previous call's value, so two
 * requests never carry the same token.
 */
export function formatRfc3339Nano(args: { date?: Date } = {}): string {
  let nanos: bigint;
  if (args.date) nanos = BigInt(args.date.getTime()) * 1_000_000n;
  else {
    nanos = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    if (nanos <= lastNanos) nanos = lastNanos + 1n;
    lastNanos = nanos;
  }
  const seconds = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}${fraction ? `.${fraction}` : ''}Z`;
}
