import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** KubeconfigLocations says which kubeconfig files apply and how they were chosen, for loading and for messages. */
export interface KubeconfigLocations {
  /** explicit: the caller named the files; KUBECONFIG: the environment variable; default: ~/.kube/config. */
  source: 'explicit' | 'KUBECONFIG' | 'default';
  /** Every file looked at, in order (absolute). */
  candidates: string[];
  /** The candidates that exist, in order, without duplicates. */
  existing: string[];
}

/**
 * findKubeconfigFiles picks the kubeconfig files as kubectl does: files named by the caller (like
 * `--kubeconfig`), else the `KUBECONFIG` list (split on ':' — ';' on Windows — where missing files are
 * skipped), else ~/.kube/config.
 */
export function findKubeconfigFiles(args: { env: NodeJS.ProcessEnv; explicitPaths?: readonly string[] }): KubeconfigLocations {
  const unique = (files: string[]) => [...new Set(files.map((file) => path.resolve(file)))];
  const explicitPaths = (args.explicitPaths ?? []).filter((file) => file !== '');
  let source: KubeconfigLocations['source'];
  let candidates: string[];
  if (explicitPaths.length > 0) {
    source = 'explicit';
    candidates = unique(explicitPaths);
  } else if (args.env.KUBECONFIG) {
    source = 'KUBECONFIG';
    candidates = unique(args.env.KUBECONFIG.split(path.delimiter).filter((file) => file !== ''));
  } else {
    source = 'default';
    const home = args.env.HOME || args.env.USERPROFILE || os.homedir();
    candidates = [path.join(home, '.kube', 'config')];
  }
  const existing = candidates.filter((file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
  return { source, candidates, existing };
}
