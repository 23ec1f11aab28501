/**
 * rememberedPerValue returns what `compute` makes of a key (a document value or a part of one:
 * plain data nobody changes). While `remember` is on (an editor session, where a rule is given a
 * memo) the answer is worked out once per key object; otherwise (a one-shot run, where each value
 * is seen a few times at most) every time, as keeping answers would only cost memory and
 * garbage-collector work.
 */
export function rememberedPerValue<K extends object, V>(cache: WeakMap<K, V>, key: K | unknown, remember: boolean, compute: () => V): V {
  if (!remember || typeof key !== 'object' || key === null) return compute();
  const object = key as K;
  let value = cache.get(object);
  if (value === undefined) {
    value = compute();
    cache.set(object, value);
  }
  return value;
}
