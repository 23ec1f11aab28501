import type { YamlPath } from '../validation/Finding';

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * describePath writes a document path the way people write field paths in Kubernetes docs and
 * kubectl explain: spec.template.spec.containers[0].image, with keys that contain dots or slashes
 * quoted (metadata.annotations["app.kubernetes.io/name"]).
 */
export function describePath(path: YamlPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (plainKey.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
