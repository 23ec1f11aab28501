import * as jsYaml from 'js-yaml';
import type { RenderedObject } from './RenderedObject';

/**
 * formatRenderedYaml writes rendered objects as one YAML stream, each document preceded by a
 * `# Source: file:line` comment (ignored by kubectl and every YAML reader).
 */
export function formatRenderedYaml(args: { objects: readonly RenderedObject[] }): string {
  return args.objects
    .map((rendered) => {
      const source = rendered.origin ? `# Source: ${rendered.origin.file}:${rendered.origin.line}\n` : '';
      return `---\n${source}${jsYaml.dump(rendered.object, { noRefs: true, lineWidth: -1, schema: jsYaml.CORE_SCHEMA })}`;
    })
    .join('');
}
