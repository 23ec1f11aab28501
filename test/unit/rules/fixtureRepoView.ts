import * as fs from 'node:fs';
import type { RepoView } from '../../../server/src/engine/manifests/RepoView';

/** fixtureRepoView is a RepoView over a real directory, with the git remotes a test says it has. */
export function fixtureRepoView(args: { root: string; remotes?: readonly string[] }): RepoView {
  return {
    root: args.root,
    exists: (absolutePath) => fs.existsSync(absolutePath),
    isDirectory: (absolutePath) => {
      try {
        return fs.statSync(absolutePath).isDirectory();
      } catch {
        return false;
      }
    },
    remoteUrls: () => args.remotes ?? [],
  };
}
