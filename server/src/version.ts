declare const GITOPS_WORKBENCH_VERSION: string | undefined;

/** serverVersion is the package version, injected by esbuild; unbundled test builds say "dev". */
export const serverVersion: string = typeof GITOPS_WORKBENCH_VERSION === 'string' ? GITOPS_WORKBENCH_VERSION : '0.0.0-dev';
