import { createFileSystemRepoView } from '../../../server/src/engine/manifests/createFileSystemRepoView';
import type { RepoView } from '../../../server/src/engine/manifests/RepoView';

/** fixtureRepoView is the real file-system RepoView over a fixture, with the git remotes a test says it has. */
export function fixtureRepoView(args: { root: string; remotes?: readonly string[] }): RepoView {
  return { ...createFileSystemRepoView(args.root), remoteUrls: () => args.remotes ?? [] };
}
