/**
 * PrecompiledValidatorsManifest is the validators directory's manifest.json (written at build time
 * by generateBundleValidators): which bundle its modules were made from, and the module per schema.
 */
export interface PrecompiledValidatorsManifest {
  /** bundleIndexHash of the bundle the modules were made from: they are used with that bundle only. */
  bundleIndex: string;
  /** Module file (in the validators directory) per schema file of the bundle. */
  modules: Record<string, string>;
}
