import * as fs from 'node:fs';
import * as path from 'node:path';

/** CommitHeader is what a history walk needs of a commit: its tree, parents and committer time. */
export interface CommitHeader {
  oid: string;
  tree: string;
  parents: string[];
  /** Committer time, seconds since the epoch. */
  committerTime: number;
}

/** CommitGraph answers CommitHeader questions from git's commit-graph file. */
export interface CommitGraph {
  /** The commit's header, or undefined when the graph does not have it (newer than the graph). */
  lookup(oid: string): CommitHeader | undefined;
  readonly size: number;
}

const parentNone = 0x70000000;
const octopusFlag = 0x80000000;

/**
 * readCommitGraph loads `objects/info/commit-graph` (format v1, SHA-1, a single file), which
 * `git gc`, `git fetch` with fetch.writeCommitGraph and `git commit-graph write` maintain: a
 * sorted table of every commit's tree, parents and date. Walking history from it reads no commit
 * objects at all, which is how native git walks quickly. Returns undefined when there is no
 * graph, or one this reader does not understand (split graph chains, other hash functions): the
 * caller then reads the commits themselves.
 */
export function readCommitGraph(args: { gitdir: string }): CommitGraph | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(path.join(args.gitdir, 'objects', 'info', 'commit-graph'));
  } catch {
    return undefined;
  }
  if (data.length < 8 || data.toString('latin1', 0, 4) !== 'CGPH' || data[4] !== 1 || data[5] !== 1 || data[7] !== 0) return undefined;
  const chunkCount = data[6];
  const chunks = new Map<string, number>();
  for (let index = 0; index < chunkCount; index++) {
    const at = 8 + index * 12;
    chunks.set(data.toString('latin1', at, at + 4), Number(data.readBigUInt64BE(at + 4)));
  }
  const fanout = chunks.get('OIDF');
  const names = chunks.get('OIDL');
  const commits = chunks.get('CDAT');
  const edges = chunks.get('EDGE');
  if (fanout === undefined || names === undefined || commits === undefined) return undefined;
  const count = data.readUInt32BE(fanout + 255 * 4);
  const nameAt = (position: number): string => data.toString('hex', names + position * 20, names + position * 20 + 20);

  // One key buffer for every lookup (a walk looks up thousands of commits).
  const key = Buffer.alloc(20);
  const find = (oid: string): number | undefined => {
    if (oid.length !== 40 || key.write(oid, 'hex') !== 20) return undefined;
    let low = key[0] === 0 ? 0 : data.readUInt32BE(fanout + (key[0] - 1) * 4);
    let high = data.readUInt32BE(fanout + key[0] * 4);
    // The first four bytes decide almost every step; Buffer.compare, a native call behind
    // argument checks, only breaks ties.
    const head = key.readUInt32BE(0);
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = names + middle * 20;
      const name = data.readUInt32BE(at);
      // compare() is (graph entry) versus (key): positive means the entry sorts after the key.
      const order = name !== head ? (name > head ? 1 : -1) : data.compare(key, 0, 20, at, at + 20);
      if (order === 0) return middle;
      if (order > 0) high = middle;
      else low = middle + 1;
    }
    return undefined;
  };

  return {
    size: count,
    lookup(oid) {
      const position = find(oid);
      if (position === undefined) return undefined;
      const at = commits + position * 36;
      const tree = data.toString('hex', at, at + 20);
      const parents: string[] = [];
      const first = data.readUInt32BE(at + 20);
      const second = data.readUInt32BE(at + 24);
      if (first !== parentNone) parents.push(nameAt(first));
      if (second !== parentNone) {
        if (second & octopusFlag) {
          if (edges === undefined) return undefined;
          // An octopus merge: the other parents are listed in EDGE, the last one flagged.
          for (let edge = second & ~octopusFlag; ; edge++) {
            const value = data.readUInt32BE(edges + edge * 4);
            parents.push(nameAt(value & ~octopusFlag));
            if (value & octopusFlag) break;
          }
        } else {
          parents.push(nameAt(second));
        }
      }
      // 34-bit commit time: the low 2 bits of the generation word, then 32 bits.
      const committerTime = (data.readUInt32BE(at + 28) & 3) * 2 ** 32 + data.readUInt32BE(at + 32);
      return { oid, tree, parents, committerTime };
    },
  };
}
