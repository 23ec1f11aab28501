/** TextMerge is the outcome of a three-way merge of one file's lines. */
export type TextMerge = { clean: true; text: string } | { clean: false; conflicts: number };

/** MergeTextOptions bound the work of the line diff. */
export interface MergeTextOptions {
  /** Above this many differing lines the two sides are treated as wholly changed (a conflict when both changed). */
  maxEditDistance: number;
}

export function defaultMergeTextOptions(): MergeTextOptions {
  return { maxEditDistance: 4000 };
}

interface Hunk {
  /** Replaced range of the base, [baseStart, baseEnd). */
  baseStart: number;
  baseEnd: number;
  /** Replacement range of the side, [sideStart, sideEnd). */
  sideStart: number;
  sideEnd: number;
}

/**
 * mergeTextLines merges two descendants of a base line by line, with git's rules (xdiff's
 * merge at the "zealous" level that `git merge`, `git revert` and `git merge-file` use):
 * changes by one side are taken; changes by both sides to the same or adjacent base lines
 * conflict, unless both sides made the identical change. Lines keep their endings, so CRLF
 * files and a missing final newline round-trip. Only the clean result is produced: callers
 * report conflicts and write nothing.
 */
export function mergeTextLines(args: { base: string; ours: string; theirs: string; options?: Partial<MergeTextOptions> }): TextMerge {
  const options = { ...defaultMergeTextOptions(), ...args.options };
  if (args.ours === args.theirs) return { clean: true, text: args.ours };
  if (args.base === args.ours) return { clean: true, text: args.theirs };
  if (args.base === args.theirs) return { clean: true, text: args.ours };
  const base = splitLines(args.base);
  const ours = splitLines(args.ours);
  const theirs = splitLines(args.theirs);
  const oursHunks = diffLines(base, ours, options.maxEditDistance);
  const theirsHunks = diffLines(base, theirs, options.maxEditDistance);
  const tagged = [...oursHunks.map((hunk) => ({ hunk, side: 0 })), ...theirsHunks.map((hunk) => ({ hunk, side: 1 }))];
  tagged.sort((a, b) => a.hunk.baseStart - b.hunk.baseStart || a.side - b.side);

  const sides = [ours, theirs];
  const allHunks = [oursHunks, theirsHunks];
  const out: string[] = [];
  let basePosition = 0;
  let conflicts = 0;
  for (let index = 0; index < tagged.length; ) {
    // A region is a run of hunks whose base ranges overlap or touch: git needs at least one
    // unchanged line between the two sides' changes to take both.
    let regionStart = tagged[index].hunk.baseStart;
    let regionEnd = tagged[index].hunk.baseEnd;
    const members = [tagged[index]];
    index++;
    while (index < tagged.length && tagged[index].hunk.baseStart <= regionEnd) {
      regionEnd = Math.max(regionEnd, tagged[index].hunk.baseEnd);
      regionStart = Math.min(regionStart, tagged[index].hunk.baseStart);
      members.push(tagged[index]);
      index++;
    }
    for (let line = basePosition; line < regionStart; line++) out.push(base[line]);
    basePosition = regionEnd;
    const involved = new Set(members.map((member) => member.side));
    const texts = [0, 1].map((side) => sideRange(allHunks[side], regionStart, regionEnd));
    if (involved.size === 1) {
      const side = members[0].side;
      const range = texts[side];
      for (let line = range.start; line < range.end; line++) out.push(sides[side][line]);
      continue;
    }
    const oursLines = ours.slice(texts[0].start, texts[0].end);
    const theirsLines = theirs.slice(texts[1].start, texts[1].end);
    if (oursLines.length === theirsLines.length && oursLines.every((line, position) => line === theirsLines[position])) {
      out.push(...oursLines);
    } else {
      conflicts++;
    }
  }
  if (conflicts > 0) return { clean: false, conflicts };
  for (let line = basePosition; line < base.length; line++) out.push(base[line]);
  return { clean: true, text: out.join('') };
}

/**
 * sideRange maps a region of the base to the side's lines. A side's hunks are either members
 * of the region (they start inside it, ends included) or wholly before or after it.
 */
function sideRange(hunks: Hunk[], baseStart: number, baseEnd: number): { start: number; end: number } {
  let shiftBefore = 0;
  let shiftAfter = 0;
  for (const hunk of hunks) {
    const delta = hunk.sideEnd - hunk.sideStart - (hunk.baseEnd - hunk.baseStart);
    if (hunk.baseStart < baseStart) {
      shiftBefore += delta;
      shiftAfter += delta;
    } else if (hunk.baseStart <= baseEnd) {
      shiftAfter += delta;
    }
  }
  return { start: baseStart + shiftBefore, end: baseEnd + shiftAfter };
}

/** splitLines splits text into lines that keep their "\n" (the last one may have none). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      if (start < text.length) lines.push(text.slice(start));
      return lines;
    }
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
}

/**
 * diffLines returns the hunks that turn `a` into `b` (Myers' O(ND) algorithm after trimming the
 * common prefix and suffix). Past maxEditDistance the middle is one replaced hunk.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxEditDistance: number): Hunk[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const aMid = a.slice(prefix, a.length - suffix);
  const bMid = b.slice(prefix, b.length - suffix);
  if (aMid.length === 0 && bMid.length === 0) return [];
  if (aMid.length === 0 || bMid.length === 0) return [{ baseStart: prefix, baseEnd: prefix + aMid.length, sideStart: prefix, sideEnd: prefix + bMid.length }];
  const script = myers(aMid, bMid, maxEditDistance);
  if (!script) return [{ baseStart: prefix, baseEnd: prefix + aMid.length, sideStart: prefix, sideEnd: prefix + bMid.length }];
  // Turn the per-line "same" flags into maximal changed runs.
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [sameA, sameB] of script) {
    if (sameA > i || sameB > j) hunks.push({ baseStart: prefix + i, baseEnd: prefix + sameA, sideStart: prefix + j, sideEnd: prefix + sameB });
    i = sameA + 1;
    j = sameB + 1;
  }
  if (i < aMid.length || j < bMid.length) hunks.push({ baseStart: prefix + i, baseEnd: prefix + aMid.length, sideStart: prefix + j, sideEnd: prefix + bMid.length });
  return hunks;
}

/**
 * myers returns the matched line pairs [indexInA, indexInB] of a shortest edit script, in
 * order, or undefined when the edit distance exceeds the limit.
 */
function myers(a: readonly string[], b: readonly string[], limit: number): Array<[number, number]> | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, limit);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d, k);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], dEnd: number, kEnd: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let x = a.length;
  let y = b.length;
  let k = kEnd;
  for (let d = dEnd; d > 0; d--) {
    // trace[d] holds v as it was before step d, for k in [-d-1, d+1] at index k + d + 1.
    const previous = trace[d];
    const at = (kk: number): number => previous[kk + d + 1];
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    const startX = down ? previousX : previousX + 1;
    let snakeX = x;
    let snakeY = y;
    while (snakeX > startX && snakeY > startX - k) {
      snakeX--;
      snakeY--;
      pairs.push([snakeX, snakeY]);
    }
    x = previousX;
    y = previousY;
    k = previousK;
  }
  // The first snake (d = 0) starts at the origin.
  while (x > 0 && y > 0) {
    x--;
    y--;
    pairs.push([x, y]);
  }
  return pairs.reverse();
}
