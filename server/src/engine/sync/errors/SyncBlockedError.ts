import type { SyncBlocker, SyncBlockerCode } from '../SyncPlan';

/**
 * SyncBlockedError says a sync was refused before it changed anything: uncommitted changes to the
 * environment's inputs (`files`), an ApplySet parent that is another tool's, a reconciler object
 * missing or suspended, an Argo CD operation already running. `code` is the blocker's code.
 */
export class SyncBlockedError extends Error {
  readonly code: SyncBlockerCode;
  readonly files?: string[];

  constructor(blocker: SyncBlocker) {
    super(blocker.message);
    this.name = 'SyncBlockedError';
    this.code = blocker.code;
    if (blocker.files) this.files = blocker.files;
  }
}
