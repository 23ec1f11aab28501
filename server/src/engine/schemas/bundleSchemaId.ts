/** bundleSchemaId is the `$id` a bundle schema file is compiled under; kind files refer to the definitions by it. */
export function bundleSchemaId(file: string): string {
  return `gitops-schema://bundle/${file}`;
}
