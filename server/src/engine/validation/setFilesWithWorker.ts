import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { decodeManifestBytes } from '../manifests/decodeManifestBytes';
import { parseManifestText, type ParsedManifestFile } from '../manifests/parseManifestText';
import { preparedChunkCache } from '../manifests/preparedChunkCache';
import { unreadableReason } from '../manifests/prepareManifestFile';
import type { PreparedManifestFile } from '../manifests/PreparedManifestFile';
import type { WorkspaceValidator } from './WorkspaceValidator';

/**
 * The worker only reads, parses with js-yaml (the careful parser's cases are left to this thread)
 * and checks documents: seconds of silence on one file mean it is stuck, not busy.
 */
const defaultStallMs = 20_000;

/** ParseFilesWorkerData is what parseFilesWorker is started with. */
export interface ParseFilesWorkerData {
  files: readonly string[];
  maxFileSize: number;
  /** One Int32: the index of the next file nobody has claimed yet. */
  claims: SharedArrayBuffer;
  /** Tests: the worker throws when it claims this index. */
  failAt?: number;
  /** When set, the worker also runs the document rules on what it parses (see CheckedElsewhere). */
  checkDocuments?: { root: string; kubernetesVersion: string };
}

/** A file read here (the validating thread), parsed already, or why it could not be read. */
type ReadHere = { unreadable: string } | { decoded: ReturnType<typeof decodeManifestBytes>; parsed?: ParsedManifestFile };
type Ready = { prepared: PreparedManifestFile } | { here: ReadHere };

/** SetFilesOutcome says how the files were read: for tests and benchmarks. */
export interface SetFilesOutcome {
  /** Files the worker prepared (0 when it was not used or failed at once). */
  byWorker: number;
  /** Why the worker stopped before the end, when it did (its files were then read here). */
  workerFailure?: string;
}

/** parseFilesWorkerFile is the worker's script beside this code (bundle or tsc output), if built. */
export function parseFilesWorkerFile(): string | undefined {
  const file = path.join(__dirname, 'parseFilesWorker.js');
  return fs.existsSync(file) ? file : undefined;
}

/**
 * setFilesWithWorker reads and parses `files` with a worker thread on another core and sets them
 * in the validator in their order, while this thread checks the documents of the files already
 * set (checkDocumentsEarly). The worker sends each document's value as JSON text: JSON.parse is
 * ~6× cheaper than parsing the YAML, and nothing is structured-cloned but strings. Both threads
 * claim files from one shared counter, so this thread parses files itself whenever it has nothing
 * to set. If the worker cannot start, fails or exits early, the files it did not deliver are read
 * here: the result is the same as reading every file here (setFileBytes), only slower.
 */
export async function setFilesWithWorker(args: {
  validator: WorkspaceValidator;
  files: readonly string[];
  maxFileSize: number;
  /** Called in file order for each file that could not be read. */
  unreadable: (file: string, reason: string) => void;
  workerFile?: string;
  failAt?: number;
  /**
   * Lets the worker run the document rules too, with the default rules and the bundled schemas:
   * only for a validator with the default rules (its registry's schema keys say which results hold).
   */
  checkDocuments?: { root: string; kubernetesVersion: string };
  /** How long the worker may send nothing while this thread waits, before its files are read here. */
  stallMs?: number;
  /** Tests: false leaves every file to the worker while it works (default true: this thread claims files when idle). */
  shareWork?: boolean;
}): Promise<SetFilesOutcome> {
  const { validator, files, maxFileSize } = args;
  const claimBuffer = new SharedArrayBuffer(4);
  const claims = new Int32Array(claimBuffer);
  const ready: Array<Ready | undefined> = new Array(files.length);
  const outcome: SetFilesOutcome = { byWorker: 0 };
  let workerDone = args.workerFile === undefined;
  let wake: (() => void) | undefined;
  const stop = (reason?: string): void => {
    if (reason && !workerDone) outcome.workerFailure = reason;
    workerDone = true;
    wake?.();
  };
  // Set when every file is set: a worker still running then (this thread read what was left) is stopped.
  let finished = false;
  // The worker's own error says more than the exit code that follows it.
  let workerError: string | undefined;
  let worker: Worker | undefined;
  if (args.workerFile) {
    try {
      const workerData: ParseFilesWorkerData = { files, maxFileSize, claims: claimBuffer, failAt: args.failAt, checkDocuments: args.checkDocuments };
      worker = new Worker(args.workerFile, { workerData });
      worker.on('message', (message: { index: number; prepared: PreparedManifestFile }) => {
        ready[message.index] = { prepared: message.prepared };
        outcome.byWorker++;
        wake?.();
      });
      // An uncaught error arrives on another channel than the messages and may overtake those the
      // worker posted before it; 'exit' comes after Node has delivered every one of them. Taking the
      // worker for gone on 'error' would read files here that the worker had already sent.
      worker.on('error', (error) => {
        workerError = `parse worker failed: ${error instanceof Error ? error.message : String(error)}`;
      });
      worker.on('exit', (code) => stop(workerError ?? (code === 0 || finished ? undefined : `parse worker exited with code ${code}`)));
    } catch (error) {
      stop(`parse worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let next = 0;
  while (next < files.length) {
    const item = ready[next];
    if (item) {
      ready[next] = undefined;
      setReady({ validator, file: files[next], item, unreadable: args.unreadable });
      next++;
      continue;
    }
    // The worker is gone: what it claimed and did not deliver is read here.
    if (workerDone) {
      ready[next] = { here: readHere(files[next], maxFileSize) };
      continue;
    }
    const index = args.shareWork === false ? files.length : Atomics.add(claims, 0, 1);
    if (index < files.length) {
      ready[index] = { here: readHere(files[index], maxFileSize) };
      // Let the worker's messages in.
      await nextTurn();
      continue;
    }
    // Nothing to do but wait for the worker; one that sends nothing for stallMs is taken for stuck.
    let timer: NodeJS.Timeout | undefined;
    const woken = await new Promise<boolean>((resolve) => {
      wake = () => resolve(true);
      timer = setTimeout(() => resolve(false), args.stallMs ?? defaultStallMs);
    });
    clearTimeout(timer);
    wake = undefined;
    if (!woken) {
      stop(`parse worker sent nothing for ${args.stallMs ?? defaultStallMs} ms`);
      void worker?.terminate();
    }
  }
  finished = true;
  if (worker && !workerDone) await worker.terminate();
  return outcome;
}

/** readHere reads, decodes and parses one file in this thread, as setFileBytes would. */
function readHere(file: string, maxFileSize: number): ReadHere {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { unreadable: unreadableReason(error) };
  }
  const decoded = decodeManifestBytes({ file, bytes, maxFileSize });
  // setFile refuses texts over the size limit counted in UTF-8 (never more than the bytes read).
  const parsed = decoded.text === undefined ? undefined : parseManifestText({ file, text: decoded.text });
  return { decoded, parsed };
}

function setReady(args: { validator: WorkspaceValidator; file: string; item: Ready; unreadable: (file: string, reason: string) => void }): void {
  const { validator, file, item } = args;
  const read = 'here' in item ? item.here : item.prepared;
  if ('unreadable' in read) {
    args.unreadable(file, read.unreadable);
    return;
  }
  const parse = 'here' in item
    ? ('parsed' in read && read.parsed ? () => read.parsed as ParsedManifestFile : undefined)
    : (text: string) => parseManifestText({ file, text, cache: preparedChunkCache('chunks' in read ? read.chunks : []) });
  validator.setDecodedFile({ file, decoded: read.decoded, parse });
  const chunks = 'chunks' in read ? read.chunks : undefined;
  const elsewhere = chunks ? { resultsOf: (index: number) => chunks[index]?.checked } : undefined;
  validator.checkDocumentsEarly(file, elsewhere);
}
