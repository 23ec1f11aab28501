import type Ajv from 'ajv';

/**
 * createAjv makes the validator compiler every registry uses. The options trade nothing that
 * matters for speed and quiet:
 * - strict: false, because Kubernetes schemas carry x-kubernetes-* and other unknown keywords;
 * - allErrors, so one pass reports every problem of a document;
 * - verbose, so errors carry their schema (the known fields for "did you mean", the types for null);
 * - validateFormats: false, since int32/int64/date-time/byte are not checked by kubeconform either;
 * - inlineRefs: false and code.optimize: false, which halve the compile time of a workload
 *   (~130 ms instead of ~280 ms for the first kind with a pod template) at no measurable cost per
 *   validation; shared definitions are then compiled once per registry and reused by every kind;
 * - a regular expression engine that accepts Go (RE2) patterns JavaScript cannot compile by not
 *   checking them, instead of failing the whole kind;
 * - logger: false, because the language server speaks LSP on stdout.
 * `source: true` keeps the generated code, for ajv's standalone modules (generateBundleValidators).
 */
export function createAjv(args: { source?: boolean } = {}): Ajv {
  // Required here, not imported: with the build's validators the compiler is needed only for
  // workspace CRDs, and imported, ajv's modules ran at every start of the CLI (~10 ms of 0.16 s).
  const { default: AjvCompiler } = require('ajv') as typeof import('ajv');
  return new AjvCompiler({
    strict: false,
    allErrors: true,
    verbose: true,
    validateFormats: false,
    validateSchema: false,
    inlineRefs: false,
    unicodeRegExp: false,
    logger: false,
    code: { optimize: false, regExp: lenientRegExp, source: args.source ?? false },
  });
}

const matchAnything = /(?:)/;

function lenientRegExp(pattern: string, flags: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return matchAnything;
  }
}
// What standalone code writes for a pattern (compiled code uses the function itself): the same
// leniency, self-contained, since `new RegExp` would throw when such a module is loaded.
lenientRegExp.code = '((pattern, flags) => { try { return new RegExp(pattern, flags); } catch { return /(?:)/; } })';
