import * as vscode from 'vscode';
import type { CommitDto } from '../../../server/src/protocol/dtos';
import { EnvironmentHistoryRequest } from '../../../server/src/protocol/requests';
import type { Ctx } from '../ctx';
import type { EnvironmentEntry } from '../model/EnvironmentsModel';
import { errorMessage } from '../model/requestErrors';
import { age, shortSha } from '../views/format';

interface CommitItem extends vscode.QuickPickItem {
  commit?: CommitDto;
  more?: number;
}

/**
 * pickCommit lets the user choose one of an environment's commits (gitops/environmentHistory,
 * newest first, 50 at a time with "Load more…"). The reconciled and pending commits are marked.
 * Returns the commit and the commits listed above it (newer), or undefined when cancelled.
 */
export async function pickCommit(ctx: Ctx, entry: EnvironmentEntry, options: { title: string; placeHolder: string; skipHead?: boolean }): Promise<{ commit: CommitDto; newer: CommitDto[] } | undefined> {
  const commits: CommitDto[] = [];
  let skip: number | undefined = 0;
  for (;;) {
    const page = skip;
    const load = (async (): Promise<CommitItem[]> => {
      if (page !== undefined) {
        try {
          const result = await ctx.client.sendRequest(EnvironmentHistoryRequest, { folderUri: entry.repository.folderUri, environment: entry.environment.name, limit: 50, skip: page });
          commits.push(...result.commits);
          skip = result.nextSkip;
        } catch (error) {
          skip = undefined;
          void ctx.prompts.message('error', `Could not read the history of ${entry.environment.name}: ${errorMessage(error)}`, {});
          return [];
        }
      }
      return itemsFor(entry, commits, skip, options.skipHead === true);
    })();
    const picked = await ctx.prompts.quickPick(load, { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, matchOnDetail: true });
    if (!picked) return undefined;
    if (picked.commit) {
      const index = commits.indexOf(picked.commit);
      return { commit: picked.commit, newer: commits.slice(0, index) };
    }
    if (picked.more === undefined) return undefined;
  }
}

function itemsFor(entry: EnvironmentEntry, commits: CommitDto[], nextSkip: number | undefined, skipHead: boolean): CommitItem[] {
  const reconciled = entry.status?.reconciled.revision;
  const pending = new Set(entry.status?.pending.commits.map((commit) => commit.sha) ?? []);
  const items: CommitItem[] = commits.slice(skipHead ? 1 : 0).map((commit) => ({
    label: `$(git-commit) ${commit.subject}`,
    description: [shortSha(commit.sha), commit.author, age(commit.date), commit.sha === reconciled ? '$(check) reconciled' : pending.has(commit.sha) ? '$(history) pending' : ''].filter(Boolean).join(' · '),
    detail: commit.files.length > 0 ? commit.files.join(', ') : undefined,
    commit,
  }));
  if (nextSkip !== undefined) items.push({ label: '$(ellipsis) Load more…', more: nextSkip, alwaysShow: true });
  return items;
}
