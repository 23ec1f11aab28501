import type { Finding } from './Finding';
import { finishPathsValidation, planPathsValidation, unreadableFinding, type PathsValidation } from './planPathsValidation';
import { parseFilesWorkerFile, setFilesWithWorker, type SetFilesOutcome } from './setFilesWithWorker';
import type { ValidationOptions } from './ValidationOptions';

/**
 * validatePathsInWorker is validatePaths with the files read and parsed by a worker thread on the
 * second core while this thread checks them (setFilesWithWorker): the CLI's one-shot validation.
 * The findings are identical to validatePaths'. Without a built worker script it reads in this
 * thread.
 */
export async function validatePathsInWorker(args: {
  paths: string[];
  cwd: string;
  options: ValidationOptions;
  /** The worker's script; default: the one built beside this code. */
  workerFile?: string;
  /** Tests: the worker throws when it claims this file index. */
  failAt?: number;
  /** Tests: how long a silent worker is waited for (setFilesWithWorker). */
  stallMs?: number;
  /** Tests: false leaves every file to the worker (setFilesWithWorker). */
  shareWork?: boolean;
}): Promise<PathsValidation & { reading: SetFilesOutcome & { checkedHere: number } }> {
  const plan = planPathsValidation(args);
  const findings: Finding[] = [];
  const reading = await setFilesWithWorker({
    validator: plan.validator,
    files: plan.files,
    maxFileSize: args.options.maxFileSize,
    workerFile: args.workerFile ?? parseFilesWorkerFile(),
    failAt: args.failAt,
    stallMs: args.stallMs,
    shareWork: args.shareWork,
    checkDocuments: { root: plan.root, kubernetesVersion: args.options.kubernetesVersion },
    unreadable: (file, reason) => {
      if (plan.wanted.has(file)) findings.push(unreadableFinding(file, reason));
    },
  });
  const result = finishPathsValidation({ plan, findings });
  // checkedHere: the documents whose document rules ran in this thread (the rest reused the worker's).
  return { ...result, reading: { ...reading, checkedHere: plan.validator.documentChecksRun } };
}
