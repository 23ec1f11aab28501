/** RepoView is the read-only view of the repository that rules may consult. */
export interface RepoView {
  /** Absolute path of the repository root (the git work tree, or the folder validated). */
  root: string;
  /** True when the absolute path exists as a file or a directory. */
  exists(absolutePath: string): boolean;
  isDirectory(absolutePath: string): boolean;
  /** URLs of the repository's git remotes, as written in .git/config. */
  remoteUrls(): readonly string[];
}
