import type { ManifestDocument } from '../../manifests/ManifestDocument';
import type { RuleFinding } from '../Finding';
import type { DocumentFinding, EnvironmentRule } from '../Rule';
import { applyKustomizeImages, formatImageReference, parseImageReference } from './support/imageReference';
import { containerLabel, containersOf, podTemplates } from './support/podTemplates';

/**
 * image-latest: a container image without a tag or with `:latest` (a digest pins it). Runs per
 * environment so that a kustomization's `images:` (newTag, digest) counts, as in the render.
 */
export const imageLatest: EnvironmentRule = {
  id: 'image-latest',
  defaultSeverity: 'warning',
  description: 'A container image has no tag or uses :latest; pin a version tag or a digest.',
  scope: 'environment',
  check({ environment }) {
    const findings: DocumentFinding[] = [];
    for (const document of environment.documents) {
      const images = environment.transforms?.get(document)?.images ?? [];
      for (const finding of images.length === 0 ? untransformedFindings(document) : checkDocument(document, images)) findings.push({ ...finding, document });
    }
    return findings;
  },
};

// Most documents come into their environments untouched by kustomize `images:`; their findings
// depend on the value alone (the parse of one text), so they are worked out once per value.
const untransformed = new WeakMap<object, readonly RuleFinding[]>();

function untransformedFindings(document: ManifestDocument): readonly RuleFinding[] {
  const value = document.value;
  if (typeof value !== 'object' || value === null) return checkDocument(document, []);
  let findings = untransformed.get(value);
  if (!findings) {
    findings = checkDocument(document, []);
    untransformed.set(value, findings);
  }
  return findings;
}

function checkDocument(document: ManifestDocument, images: Parameters<typeof applyKustomizeImages>[1]): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const template of podTemplates(document)) {
    for (const at of containersOf(template, { ephemeral: true })) {
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
