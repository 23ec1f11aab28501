import type { ManifestDocument } from '../../manifests/ManifestDocument';
import type { RuleFinding } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import { applyKustomizeImages, formatImageReference, parseImageReference } from './support/imageReference';
import { containerLabel, containersOf, podTemplates } from './support/podTemplates';
import { rememberedPerValue } from './support/rememberedPerValue';

/**
 * image-latest: a container image without a tag or with `:latest` (a digest pins it). Runs per
 * environment so that a kustomization's `images:` (newTag, digest) counts, as in the render.
 */
export const imageLatest: EnvironmentRule = {
  id: 'image-latest',
  defaultSeverity: 'warning',
  description: 'A container image has no tag or uses :latest; pin a version tag or a digest.',
  scope: 'environment',
  check({ environment, memo }) {
    const remember = memo !== undefined;
    const findings: DocumentFinding[] = [];
    for (const document of environment.documents) {
      const images = environment.transforms?.get(document)?.images ?? [];
      // Most documents come into their environments untouched by kustomize `images:`: then their
      // findings depend on the value alone (see rememberedPerValue).
      const found = images.length === 0 ? rememberedPerValue(untransformed, document.value, remember, () => checkDocument(document, [], remember)) : checkDocument(document, images, remember);
      for (const finding of found) findings.push({ ...finding, document });
    }
    return findings;
  },
};

const untransformed = new WeakMap<object, readonly RuleFinding[]>();

function checkDocument(document: ManifestDocument, images: Parameters<typeof applyKustomizeImages>[1], remember: boolean): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const template of podTemplates(document, remember)) {
    for (const at of containersOf(template, { ephemeral: true, remember })) {
      const image = at.container.image;
      // Skip empty values and images assembled from variables (Flux substitution, templates).
      if (typeof image !== 'string' || image.trim() === '' || /\$|\{\{/.test(image)) continue;
      const written = parseImageReference(image);
      const effective = applyKustomizeImages(written, images);
      if (effective.digest !== undefined) continue;
      const shown = formatImageReference(effective);
      const via = shown === formatImageReference(written) ? '' : ` (after the kustomization's images: "${shown}")`;
      let problem: string;
      if (effective.tag === undefined || effective.tag === '') problem = `has no tag${via}, so it runs whatever "latest" is when the node pulls it`;
      else if (effective.tag === 'latest') problem = `uses the :latest tag${via}`;
      else continue;
      findings.push({ path: [...at.path, 'image'], message: `image "${image.trim()}" of ${containerLabel(at)} ${problem}; pin a version tag or a digest` });
    }
  }
  return findings;
}
