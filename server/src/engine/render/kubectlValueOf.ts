import * as yaml from 'yaml';
import type { ManifestDocument } from '../manifests/ManifestDocument';

// Plain scalars that YAML 1.1 reads differently from YAML 1.2: octal like 0644, y/yes/on/off booleans, 0b/0x with underscores, 1_000.
const yaml11Sensitive = /(?:^|[\s:[,{])(?:[-+]?0[0-7]+|0b[01_]+|[-+]?\d[\d_]*_\d*|[Yy]|[Nn]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF)\s*(?:$|[,\]}#])/m;

/**
 * kubectlValueOf returns a document's value as kubectl and Flux read it: sigs.k8s.io/yaml resolves
 * plain scalars with YAML 1.1 rules (`defaultMode: 0644` is 420, `enabled: yes` is true), while the
 * validator parses with YAML 1.2. Only documents with such scalars are parsed again.
 */
export function kubectlValueOf(document: ManifestDocument): unknown {
  const { text, wholeFile } = document.source;
  if (!yaml11Sensitive.test(text)) return structuredClone(document.value);
  const documents = yaml.parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  const parsed = Array.isArray(documents) ? documents[wholeFile ? document.index : 0] : undefined;
  if (!parsed || parsed.errors.length > 0) return structuredClone(document.value);
  return parsed.toJS({ maxAliasCount: 100 });
}
