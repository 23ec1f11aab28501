import * as fs from 'node:fs';

/** PackFileReader reads byte ranges of one pack file. */
export interface PackFileReader {
  /** The file's size in bytes. */
  readonly size: number;
  /**
   * bytes returns `length` bytes at `offset` (fewer at the end of the file). The result may be a
   * view into a cached window; windows are never written to after they are read, so it stays valid.
   */
  bytes(offset: number, length: number): Buffer;
  close(): void;
}

/** PackFileReaderOptions size the windows kept in memory. */
export interface PackFileReaderOptions {
  /** Bytes read at once around a requested range, like git's core.packedGitWindowSize (git maps windows). */
  windowBytes: number;
  /** Bytes of windows kept (least recently used dropped first), like git's core.packedGitLimit. */
  windowCacheBytes: number;
}

export function defaultPackFileReaderOptions(): PackFileReaderOptions {
  return { windowBytes: 64 * 1024, windowCacheBytes: 16 * 1024 * 1024 };
}

/** Bytes each window reads past its end, so that a small read near a window's end stays in it. */
const windowOverlapBytes = 4096;

/**
 * createPackFileReader reads a pack through aligned windows kept in a bounded cache, as git reads
 * packs through mmap windows: a history walk reads thousands of small objects that lie close
 * together (2,100 in the benchmark's cold walk, from under a megabyte of pack), and a positioned
 * read per object cost more than copying a few windows. Windows overlap by 4 KiB, the most an
 * object reader asks for at first; longer ranges that cross a window's end are read directly.
 */
export function createPackFileReader(args: { file: string; options?: Partial<PackFileReaderOptions> }): PackFileReader {
  const options = { ...defaultPackFileReaderOptions(), ...args.options };
  const fd = fs.openSync(args.file, 'r');
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  const windowBytes = Math.max(1, Math.floor(options.windowBytes));
  const maxWindows = Math.max(1, Math.floor(options.windowCacheBytes / (windowBytes + windowOverlapBytes)));
  const windows = new Map<number, Buffer>();

  const readDirect = (offset: number, length: number): Buffer => {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const read = fs.readSync(fd, buffer, done, length - done, offset + done);
      if (read === 0) break;
      done += read;
    }
    return done === length ? buffer : buffer.subarray(0, done);
  };

  const windowAt = (index: number): Buffer => {
    let window = windows.get(index);
    if (window) {
      // Re-insert to mark it most recently used.
      windows.delete(index);
    } else {
      window = readDirect(index * windowBytes, Math.min(windowBytes + windowOverlapBytes, size - index * windowBytes));
      if (windows.size >= maxWindows) windows.delete(windows.keys().next().value as number);
    }
    windows.set(index, window);
    return window;
  };

  return {
    size,
    bytes(offset, length) {
      const wanted = Math.max(0, Math.min(length, size - offset));
      const index = Math.floor(offset / windowBytes);
      const start = offset - index * windowBytes;
      if (start + wanted <= windowBytes + windowOverlapBytes) return windowAt(index).subarray(start, start + wanted);
      return readDirect(offset, wanted);
    },
    close() {
      windows.clear();
      fs.closeSync(fd);
    },
  };
}
