import * as path from 'node:path';
import { repoRelativePath } from '../manifests/repoRelativePath';
import { documentLine } from '../validation/rules/support/documentLine';
import { resolveRepoPath } from '../validation/rules/support/resolveRepoPath';
import { kubectlValueOf } from './kubectlValueOf';
import { addRendered, type RenderContext } from './RenderContext';
import { renderKustomizationDirectory } from './renderKustomizationDirectory';
import { readSortedEntries } from './readSortedEntries';

/**
 * renderPlainPath renders one path of an environment that no reconciler builds in its own way
 * (kustomize overlays, .gitops-workbench.yaml paths): a file is its objects; a directory with a
 * kustomization is `kustomize build`; a plain directory is its tree, as `kubectl apply -R` and
 * Flux take it: every YAML file, and every subdirectory with a kustomization built by kustomize.
 */
export async function renderPlainPath(args: { context: RenderContext; path: string }): Promise<void> {
  const { context } = args;
  const { index } = context;
  const target = resolveRepoPath(index.root, args.path);
  if (index.isFile(target)) {
    addFile(context, target);
    return;
  }
  if (!index.isDirectory(target)) {
    context.notRendered.push({ source: args.path, code: 'PathMissing', reason: `${args.path} does not exist in this repository` });
    return;
  }
  const kustomizationFile = index.kustomizationIn(target);
  if (kustomizationFile) {
    await renderKustomizationDirectory({ context, directory: target, kustomizationFile });
    return;
  }
  const walk = async (directory: string): Promise<void> => {
    for (const entry of readSortedEntries(directory)) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.git' || entry.name === 'node_modules') continue;
        const nested = index.kustomizationIn(full);
        if (nested) await renderKustomizationDirectory({ context, directory: full, kustomizationFile: nested });
        else if (!index.isFile(path.join(full, 'Chart.yaml'))) await walk(full);
      } else if (/\.ya?ml$/i.test(entry.name)) {
        addFile(context, full);
      }
    }
  };
  await walk(target);
}

function addFile(context: RenderContext, file: string): void {
  const documents = context.index.byFile.get(file) ?? [];
  addRendered(
    context,
    documents
      .filter((document) => document.identity)
      .map((document) => ({ value: kubectlValueOf(document) as Record<string, unknown>, origin: { file: repoRelativePath(context.index.root, file), line: documentLine(document) } })),
    repoRelativePath(context.index.root, file),
  );
}
