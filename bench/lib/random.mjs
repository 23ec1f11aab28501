// A small seeded PRNG (mulberry32), so corpora are identical on every machine and run.

/** createRandom returns helpers drawing from one deterministic stream. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (probability) => next() < probability;
  const hex = (length) => {
    let text = '';
    for (let i = 0; i < length; i++) text += '0123456789abcdef'[Math.floor(next() * 16)];
    return text;
  };
  /** shuffle returns a shuffled copy (Fisher–Yates). */
  const shuffle = (list) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  return { next, int, pick, chance, hex, shuffle };
}
