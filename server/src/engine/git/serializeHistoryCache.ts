import type { HistoryEntry } from './HistoryCache';
import { crc32, historyCacheFileSize, historyCacheFormat, historyCacheLowerBound, historyCacheRowIs, type HistoryCacheFile } from './readHistoryCacheFile';

/** Commits whose descriptions are kept (the newest by committer time); ≈ 80 bytes each. */
const defaultMaxDescriptions = 4096;

/**
 * serializeHistoryCache lays out a history cache in the file format (see readHistoryCacheFile),
 * sorted by commit id: the rows of the loaded file (`base`, whose path ids are `paths`' ids)
 * and the entries added since, which replace rows with the same id. The loaded rows are copied
 * in runs: a few copies per added entry, not a few calls per row.
 */
export function serializeHistoryCache(args: { base: HistoryCacheFile | undefined; added: readonly HistoryEntry[]; paths: readonly string[]; maxDescriptions?: number }): Buffer {
  const maxDescriptions = args.maxDescriptions ?? defaultMaxDescriptions;
  const { tooManyChanges } = historyCacheFormat;
  const { base } = args;
  const baseRows = base?.rows ?? 0;
  // Lower-case hex sorts as the bytes do; comparing strings is cheaper than Buffer.compare calls.
  const added = [...args.added].sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0)).map((entry) => ({ entry }));
  // Runs of loaded rows between the added entries; a loaded row an added entry replaces (it
  // has the changes or the description the row lacked) is left out.
  const segments: Array<{ from: number; to: number } | { added: number }> = [];
  let row = 0;
  const key = Buffer.alloc(20);
  added.forEach(({ entry }, index) => {
    key.write(entry.oid, 'hex');
    const position = base ? historyCacheLowerBound(base, key) : 0;
    if (position > row) segments.push({ from: row, to: position });
    segments.push({ added: index });
    row = Math.max(row, position);
    if (base && position < baseRows && historyCacheRowIs(base, position, key)) row = position + 1;
  });
  if (baseRows > row) segments.push({ from: row, to: baseRows });

  const pathBytes = args.paths.map((entryPath) => Buffer.from(entryPath, 'utf8'));
  // Descriptions of the newest commits only, past a bound: they make a listing read no object,
  // and a listing is almost always of recent commits; older ones read their commit objects.
  let oldestDescribed = -Infinity;
  const describedTimes: number[] = [];
  for (let index = 0; index < baseRows; index++) if (base!.describeStart[index + 1] > base!.describeStart[index]) describedTimes.push(base!.times[index]);
  for (const { entry } of added) if (entry.description) describedTimes.push(entry.committerTime);
  if (describedTimes.length > maxDescriptions) oldestDescribed = describedTimes.sort((a, b) => b - a)[maxDescriptions - 1];
  const descriptions = added.map(({ entry }) => (entry.description && entry.committerTime >= oldestDescribed ? Buffer.from([entry.description.subject, entry.description.author, entry.description.authorEmail, entry.description.date].join('\0'), 'utf8') : undefined));
  const keepsDescription = (source: HistoryCacheFile, row: number): number => (source.times[row] >= oldestDescribed ? source.describeStart[row + 1] - source.describeStart[row] : 0);
  const counts = { rows: 0, parents: 0, slots: 0, changes: 0, paths: args.paths.length, pathBytes: pathBytes.reduce((sum, bytes) => sum + bytes.length, 0), descriptionBytes: 0 };
  for (const segment of segments) {
    if ('from' in segment) {
      const { from, to } = segment;
      const source = base!;
      counts.rows += to - from;
      counts.parents += source.parentStart[to] - source.parentStart[from];
      counts.slots += source.slotStart[to] - source.slotStart[from];
      counts.changes += source.changeStart[source.slotStart[to]] - source.changeStart[source.slotStart[from]];
      if (oldestDescribed === -Infinity) counts.descriptionBytes += source.describeStart[to] - source.describeStart[from];
      else for (let index = from; index < to; index++) counts.descriptionBytes += keepsDescription(source, index);
    } else {
      const { entry } = added[segment.added];
      counts.rows++;
      counts.parents += entry.parents.length;
      counts.descriptionBytes += descriptions[segment.added]?.length ?? 0;
      for (const list of entry.changes ?? []) {
        counts.slots++;
        counts.changes += list ? list.length : 1;
      }
    }
  }

  const data = Buffer.from(new ArrayBuffer(historyCacheFileSize(counts)));
  let at = historyCacheFormat.headerBytes;
  const times = new Float64Array(data.buffer, at, counts.rows);
  at += counts.rows * 8;
  const take32 = (count: number): Uint32Array => {
    const view = new Uint32Array(data.buffer, at, count);
    at += count * 4;
    return view;
  };
  const parentStart = take32(counts.rows + 1);
  const slotStart = take32(counts.rows + 1);
  const changeStart = take32(counts.slots + 1);
  const changes = take32(counts.changes);
  const pathStart = take32(counts.paths + 1);
  const describeStart = take32(counts.rows + 1);
  const oidsAt = at;
  const parentsAt = oidsAt + counts.rows * 20;
  const pathBytesAt = parentsAt + counts.parents * 20;
  const descriptionsAt = pathBytesAt + counts.pathBytes;

  let rows = 0;
  let parentCount = 0;
  let slotCount = 0;
  let changeCount = 0;
  let descriptionCount = 0;
  for (const segment of segments) {
    if ('from' in segment) {
      const { from, to } = segment;
      const source = base!;
      source.data.copy(data, oidsAt + rows * 20, source.oidsAt + from * 20, source.oidsAt + to * 20);
      times.set(source.times.subarray(from, to), rows);
      const firstParent = source.parentStart[from];
      const firstSlot = source.slotStart[from];
      const firstChange = source.changeStart[firstSlot];
      const firstDescription = source.describeStart[from];
      for (let index = from; index < to; index++) {
        parentStart[rows + index - from] = parentCount + source.parentStart[index] - firstParent;
        slotStart[rows + index - from] = slotCount + source.slotStart[index] - firstSlot;
        if (oldestDescribed === -Infinity) describeStart[rows + index - from] = descriptionCount + source.describeStart[index] - firstDescription;
      }
      const lastSlot = source.slotStart[to];
      for (let slot = firstSlot; slot < lastSlot; slot++) changeStart[slotCount + slot - firstSlot] = changeCount + source.changeStart[slot] - firstChange;
      const lastChange = source.changeStart[lastSlot];
      // Path ids of the loaded file are this process's ids: the lists copy as they are.
      changes.set(source.changes.subarray(firstChange, lastChange), changeCount);
      source.data.copy(data, parentsAt + parentCount * 20, source.parentsAt + firstParent * 20, source.parentsAt + source.parentStart[to] * 20);
      if (oldestDescribed === -Infinity) {
        source.data.copy(data, descriptionsAt + descriptionCount, source.descriptionsAt + firstDescription, source.descriptionsAt + source.describeStart[to]);
        descriptionCount += source.describeStart[to] - firstDescription;
      } else {
        for (let index = from; index < to; index++) {
          describeStart[rows + index - from] = descriptionCount;
          const kept = keepsDescription(source, index);
          if (kept > 0) descriptionCount += source.data.copy(data, descriptionsAt + descriptionCount, source.descriptionsAt + source.describeStart[index], source.descriptionsAt + source.describeStart[index] + kept);
        }
      }
      rows += to - from;
      parentCount += source.parentStart[to] - firstParent;
      slotCount += lastSlot - firstSlot;
      changeCount += lastChange - firstChange;
    } else {
      const { entry } = added[segment.added];
      parentStart[rows] = parentCount;
      slotStart[rows] = slotCount;
      describeStart[rows] = descriptionCount;
      data.write(entry.oid, oidsAt + rows * 20, 20, 'hex');
      times[rows] = entry.committerTime;
      for (const parent of entry.parents) data.write(parent, parentsAt + parentCount++ * 20, 20, 'hex');
      for (const list of entry.changes ?? []) {
        changeStart[slotCount++] = changeCount;
        if (list) {
          changes.set(list, changeCount);
          changeCount += list.length;
        } else {
          changes[changeCount++] = tooManyChanges;
        }
      }
      const description = descriptions[segment.added];
      if (description) descriptionCount += description.copy(data, descriptionsAt + descriptionCount);
      rows++;
    }
  }
  parentStart[rows] = parentCount;
  slotStart[rows] = slotCount;
  describeStart[rows] = descriptionCount;
  changeStart[slotCount] = changeCount;
  let pathAt = 0;
  pathBytes.forEach((bytes, index) => {
    pathStart[index] = pathAt;
    bytes.copy(data, pathBytesAt + pathAt);
    pathAt += bytes.length;
  });
  pathStart[counts.paths] = pathAt;

  const header = new Uint32Array(data.buffer, 0, historyCacheFormat.headerBytes / 4);
  data.write(historyCacheFormat.magic, 0, 'latin1');
  header.set([historyCacheFormat.version, counts.rows, counts.parents, counts.slots, counts.changes, counts.paths, counts.pathBytes], 1);
  header[9] = counts.descriptionBytes;
  header[8] = crc32(data.subarray(historyCacheFormat.headerBytes));
  return data;
}
