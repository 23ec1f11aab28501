import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangedPath } from './diffTreePaths';
import { historyCacheFormat, historyCacheLowerBound, historyCacheRowIs, historyCacheStamp, parseHistoryCacheFile, readHistoryCacheFile, type HistoryCacheFile } from './readHistoryCacheFile';
import { serializeHistoryCache } from './serializeHistoryCache';
import { writeFileAtomically } from './writeFileAtomically';

/** HistoryEntry is what a history walk needs of one commit, kept by HistoryCache. */
export interface HistoryEntry {
  oid: string;
  /** Committer time, seconds since the epoch. */
  committerTime: number;
  parents: string[];
  /**
   * The paths changed against each parent (against the empty tree for a root commit), as path
   * ids (see HistoryCache.pathMatcher), or null when there were too many to keep (compare the
   * trees); undefined while not computed (a commit the walk only queued).
   */
  changes: Array<Uint32Array | null> | undefined;
  /** What a history lists of the commit, once it was listed. */
  description?: HistoryDescription;
}

/** HistoryDescription is what readHistory shows of a commit besides its id, parents and files. */
export interface HistoryDescription {
  subject: string;
  author: string;
  authorEmail: string;
  /** Author date, ISO 8601 in the author's zone. */
  date: string;
}

/** Saves closer together than this are coalesced (see HistoryCache.saveSoon). */
const saveIntervalMs = 1000;

/** Where the cache lives, under the git directory. */
export function historyCacheFile(gitdir: string): string {
  return path.join(gitdir, 'gitops-workbench', 'history-cache');
}

/**
 * HistoryCache is an on-disk cache of what history walks learn about commits, as git's
 * commit-graph with changed-path Bloom filters is for `git log -- <paths>`: per commit, its
 * parents, its committer time and the exact set of paths that differ from each parent (see
 * diffTreePaths). Commits are immutable, so an entry never goes stale; it is keyed by commit id.
 * A fresh process lists an environment's history from this one file, then reads only the
 * commits it shows. The file (format: readHistoryCacheFile) is loaded once and read in place;
 * what a walk adds is kept in memory and written by `save`, merged with what other processes
 * wrote meanwhile, atomically (writeFileAtomically). It is never needed for a correct answer:
 * a missing, unreadable or corrupt file is ignored and rebuilt.
 */
export class HistoryCache {
  private base: HistoryCacheFile | undefined;
  /** The stamp of the file as this process last read or wrote it. */
  private diskStamp: string | undefined;
  private readonly added = new Map<string, HistoryEntry>();
  private unsaved = 0;
  /** False after a write failed (a read-only repository): this process stops trying. */
  private writable = true;
  private lastSave = 0;
  private pendingSave: NodeJS.Timeout | undefined;
  /** Every path id ever handed out, in this process: ids of the loaded file first, unchanged. */
  private readonly paths: string[] = [];
  private readonly pathIds = new Map<string, number>();
  private readonly key = Buffer.alloc(20);

  private constructor(readonly file: string) {}

  /** open loads the repository's cache file, if there is a valid one. */
  static open(args: { gitdir: string }): HistoryCache {
    const cache = new HistoryCache(historyCacheFile(args.gitdir));
    const base = readHistoryCacheFile({ file: cache.file });
    if (base) {
      cache.base = base;
      cache.diskStamp = base.stamp;
      for (const entryPath of base.paths) cache.intern(entryPath);
    }
    return cache;
  }

  /** get returns a commit's entry, if the cache has it. */
  get(oid: string): HistoryEntry | undefined {
    const added = this.added.get(oid);
    if (added) return added;
    const row = this.findRow(oid);
    return row === undefined ? undefined : this.entryAt(this.base!, row, oid);
  }

  /** committerTime is get(oid)?.committerTime without building the entry. */
  committerTime(oid: string): number | undefined {
    const added = this.added.get(oid);
    if (added) return added.committerTime;
    const row = this.findRow(oid);
    return row === undefined ? undefined : this.base!.times[row];
  }

  /**
   * add records a commit: its changes against each parent (from diffTreePaths; undefined for
   * too many), or none yet. An entry with changes is never replaced by one without.
   */
  add(args: { oid: string; committerTime: number; parents: readonly string[]; changes?: ReadonlyArray<readonly ChangedPath[] | undefined> }): HistoryEntry {
    const known = this.get(args.oid);
    if (known && (known.changes || !args.changes)) return known;
    const entry: HistoryEntry = {
      oid: args.oid,
      committerTime: args.committerTime,
      parents: [...args.parents],
      changes: args.changes?.map((list) => (list ? this.internChanges(list) : null)),
      ...(known?.description ? { description: known.description } : {}),
    };
    this.added.set(args.oid, entry);
    this.unsaved++;
    return entry;
  }

  /** describe records what a history lists of a known commit (see HistoryDescription). */
  describe(oid: string, description: HistoryDescription): void {
    const known = this.get(oid);
    if (!known || known.description) return;
    // NUL separates the fields in the file; a field with one is simply not kept.
    if (Object.values(description).some((value) => value.includes('\0'))) return;
    this.added.set(oid, { ...known, description: { ...description } });
    this.unsaved++;
  }

  /**
   * touched answers a history walk's question about a commit without building its entry: its
   * parents, and for each parent (one for a root commit) whether the commit changed the paths
   * against it (undefined: too many changes were kept to say, compare the trees). Undefined when
   * the commit's changes are not known.
   */
  touched(oid: string, matcher: HistoryPathMatcher): { parents: string[]; touched: Array<boolean | undefined> } | undefined {
    const added = this.added.get(oid);
    if (added) return added.changes ? { parents: added.parents, touched: added.changes.map((list) => (list ? matcher.touches(list) : undefined)) } : undefined;
    const row = this.findRow(oid);
    if (row === undefined) return undefined;
    const base = this.base!;
    const firstSlot = base.slotStart[row];
    const lastSlot = base.slotStart[row + 1];
    if (lastSlot - firstSlot !== slotCount(base, row)) return undefined;
    const parents: string[] = [];
    for (let index = base.parentStart[row]; index < base.parentStart[row + 1]; index++) {
      const at = base.parentsAt + index * 20;
      parents.push(base.data.toString('hex', at, at + 20));
    }
    const touched: Array<boolean | undefined> = [];
    for (let slot = firstSlot; slot < lastSlot; slot++) {
      const start = base.changeStart[slot];
      const end = base.changeStart[slot + 1];
      touched.push(end - start === 1 && base.changes[start] === historyCacheFormat.tooManyChanges ? undefined : matcher.touches(base.changes, start, end));
    }
    return { parents, touched };
  }

  /**
   * pathMatcher answers, for one set of paths (normalised; [""] is everything), questions about
   * change lists (HistoryEntry.changes). Take one per walk: it is what makes a commit's test a
   * few array reads.
   */
  pathMatcher(paths: readonly string[]): HistoryPathMatcher {
    const everything = paths.includes('');
    // The change lists are closed upwards (a changed path's directories are in them too), so a
    // list touches the paths exactly when it holds one of the paths themselves: a few ids.
    let wanted: number[] = [];
    let knownPaths = -1;
    const wantedIds = (): number[] => {
      if (knownPaths !== this.paths.length) {
        wanted = paths.map((entry) => this.pathIds.get(entry)).filter((id): id is number => id !== undefined);
        knownPaths = this.paths.length;
      }
      return wanted;
    };
    const under = (candidate: string): boolean => everything || paths.some((entry) => candidate === entry || (candidate.startsWith(entry) && candidate.charCodeAt(entry.length) === 0x2f));
    return {
      touches: (changes, start = 0, end = changes.length) => {
        if (everything) return end > start;
        const ids = wantedIds();
        for (let index = start; index < end; index++) {
          const id = (changes[index] & ~historyCacheFormat.leafBit) >>> 0;
          for (let at = 0; at < ids.length; at++) if (ids[at] === id) return true;
        }
        return false;
      },
      files: (changes) => {
        const files = new Set<string>();
        for (const change of changes) {
          if (!(change & historyCacheFormat.leafBit)) continue;
          const candidate = this.paths[(change & ~historyCacheFormat.leafBit) >>> 0];
          if (candidate !== undefined && under(candidate)) files.add(candidate);
        }
        return [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      },
    };
  }

  /**
   * save writes what was added since the last save, merged with the file as it is now on disk
   * (another process may have written it since this one read it). Failures (a read-only
   * repository, a full disk) are ignored: the next process just walks without these entries.
   */
  save(): void {
    if (this.pendingSave) {
      clearTimeout(this.pendingSave);
      this.pendingSave = undefined;
    }
    if (this.unsaved === 0 || !this.writable) return;
    this.lastSave = Date.now();
    try {
      this.mergeFromDisk();
      const data = serializeHistoryCache({ base: this.base, added: [...this.added.values()], paths: this.paths });
      writeFileAtomically({ file: this.file, data });
      this.unsaved = 0;
      this.diskStamp = historyCacheStamp(fs.statSync(this.file));
      // What was written becomes the loaded file (its path ids are this process's): the added
      // entries are dropped, so memory stays as compact as the file.
      const written = parseHistoryCacheFile({ data, stamp: this.diskStamp });
      if (written) {
        this.base = written;
        this.added.clear();
      }
    } catch {
      // A cache: without it the walk is only slower.
      this.writable = false;
    }
  }

  /**
   * saveSoon saves after the caller got its answer: on a later turn of the event loop, at most
   * once a second (a language server answering the histories of fifty environments at once
   * writes the file once, not fifty times), and at the latest when the process exits (a command
   * line that exits right after printing).
   */
  saveSoon(): void {
    if (this.unsaved === 0 || this.pendingSave || !this.writable) return;
    this.pendingSave = setTimeout(() => this.save(), Math.max(0, this.lastSave + saveIntervalMs - Date.now()));
    this.pendingSave.unref();
    if (!this.exitHook) {
      this.exitHook = () => this.save();
      process.once('exit', this.exitHook);
    }
  }

  private exitHook: (() => void) | undefined;

  private findRow(oid: string): number | undefined {
    if (!this.base || this.base.rows === 0) return undefined;
    const key = this.key;
    if (oid.length !== 40 || key.write(oid, 'hex') !== 20) return undefined;
    const position = historyCacheLowerBound(this.base, key);
    return position < this.base.rows && historyCacheRowIs(this.base, position, key) ? position : undefined;
  }

  private entryAt(base: HistoryCacheFile, row: number, oid: string): HistoryEntry {
    const parents: string[] = [];
    for (let index = base.parentStart[row]; index < base.parentStart[row + 1]; index++) {
      const at = base.parentsAt + index * 20;
      parents.push(base.data.toString('hex', at, at + 20));
    }
    const firstSlot = base.slotStart[row];
    const lastSlot = base.slotStart[row + 1];
    let changes: Array<Uint32Array | null> | undefined;
    if (lastSlot - firstSlot === slotCount(base, row)) {
      changes = [];
      for (let slot = firstSlot; slot < lastSlot; slot++) {
        const list = base.changes.subarray(base.changeStart[slot], base.changeStart[slot + 1]);
        changes.push(list.length === 1 && list[0] === historyCacheFormat.tooManyChanges ? null : list);
      }
    }
    const entry: HistoryEntry = { oid, committerTime: base.times[row], parents, changes };
    if (base.describeStart[row + 1] > base.describeStart[row]) {
      const fields = base.data.toString('utf8', base.descriptionsAt + base.describeStart[row], base.descriptionsAt + base.describeStart[row + 1]).split('\0');
      if (fields.length === 4) entry.description = { subject: fields[0], author: fields[1], authorEmail: fields[2], date: fields[3] };
    }
    return entry;
  }

  private intern(entryPath: string): number {
    let id = this.pathIds.get(entryPath);
    if (id === undefined) {
      id = this.paths.length;
      this.paths.push(entryPath);
      this.pathIds.set(entryPath, id);
    }
    return id;
  }

  private internChanges(list: readonly ChangedPath[]): Uint32Array {
    // A path can come twice (a file replaced by a directory of the same name): one id, leaf if either is.
    const ids = new Map<number, number>();
    for (const change of list) {
      const id = this.intern(change.path);
      ids.set(id, (ids.get(id) ?? 0) | (change.leaf ? historyCacheFormat.leafBit : 0));
    }
    const out = new Uint32Array(ids.size);
    let index = 0;
    for (const [id, leaf] of ids) out[index++] = (id | leaf) >>> 0;
    return out;
  }

  /** mergeFromDisk takes in the entries another process wrote since this one last read or wrote the file. */
  private mergeFromDisk(): void {
    let stamp: string | undefined;
    try {
      stamp = historyCacheStamp(fs.statSync(this.file));
    } catch {
      return;
    }
    if (stamp === this.diskStamp) return;
    const other = readHistoryCacheFile({ file: this.file });
    if (!other) return;
    for (let row = 0; row < other.rows; row++) {
      const at = other.oidsAt + row * 20;
      const oid = other.data.toString('hex', at, at + 20);
      const mine = this.get(oid);
      const theirsHasChanges = other.slotStart[row + 1] > other.slotStart[row];
      const theirsHasDescription = other.describeStart[row + 1] > other.describeStart[row];
      if (mine && (mine.changes || !theirsHasChanges) && (mine.description || !theirsHasDescription)) continue;
      const theirs = this.entryAt(other, row, oid);
      // Their path ids, in this process's ids (an id out of range: the list is not kept).
      const remap = (list: Uint32Array): Uint32Array | null => {
        const ids = Array.from(list, (change) => other.paths[(change & ~historyCacheFormat.leafBit) >>> 0]);
        if (ids.some((entryPath) => entryPath === undefined)) return null;
        return Uint32Array.from(list, (change, index) => (this.intern(ids[index]) | (change & historyCacheFormat.leafBit)) >>> 0);
      };
      const changes = mine?.changes ?? theirs.changes?.map((list) => (list ? remap(list) : null));
      const description = mine?.description ?? theirs.description;
      this.added.set(oid, { ...theirs, changes, ...(description ? { description } : {}) });
    }
    this.diskStamp = stamp;
  }

}

/** HistoryPathMatcher tests change lists against one set of paths (see HistoryCache.pathMatcher). */
export interface HistoryPathMatcher {
  /** touches says whether a change list (or its part from start to end) has a path at or under one of the paths. */
  touches(changes: Uint32Array, start?: number, end?: number): boolean;
  /** files lists, sorted, the files (not directories) of a change list at or under the paths. */
  files(changes: Uint32Array): string[];
}

/** slotCount is how many change lists a computed row has: one per parent, one for a root commit. */
function slotCount(file: HistoryCacheFile, row: number): number {
  return Math.max(1, file.parentStart[row + 1] - file.parentStart[row]);
}
