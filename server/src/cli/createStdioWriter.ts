import * as fs from 'node:fs';

/**
 * createStdioWriter returns a writer to stdout or stderr that writes synchronously to the file
 * descriptor. Why not process.stdout: creating it loads Node's stream modules (and, for a pipe,
 * its net modules), which was a twentieth of a CLI `history`. Writes are whole and in order. A
 * descriptor that would block (a full non-blocking pipe: EAGAIN) gets the rest through the
 * stream, which waits for the reader, and so does everything after it, to keep the order.
 */
export function createStdioWriter(args: { fd: number; stream: () => NodeJS.WritableStream }): (text: string) => void {
  let stream: NodeJS.WritableStream | undefined;
  // Windows consoles want the stream, which writes in the console's encoding.
  let useStream = process.platform === 'win32';
  return (text) => {
    if (useStream) {
      (stream ??= args.stream()).write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += fs.writeSync(args.fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        useStream = true;
        (stream ??= args.stream()).write(bytes.subarray(offset));
        return;
      }
    }
  };
}
