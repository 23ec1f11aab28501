import type { RenderCache } from './RenderCache';
import { defaultRenderCache } from './RenderCache';

/** RenderOptions tune how an environment is rendered. */
export interface RenderOptions {
  /** Environment of the tools: PATH decides which kustomize, kubectl and helm run. */
  env: NodeJS.ProcessEnv;
  /** Cancels the render: running tools are killed and renderEnvironment rejects with an AbortError. */
  signal?: AbortSignal;
  /** Milliseconds one tool run may take before it is killed. */
  toolTimeoutMs: number;
  /** Where results are cached by the inputs' fingerprint; false renders afresh every time. */
  cache: RenderCache | false;
  /** Flux's StrictPostBuildSubstitutions: an unset variable without a default is an error. */
  strictSubstitution: boolean;
}

export function defaultRenderOptions(): RenderOptions {
  return { env: process.env, toolTimeoutMs: 120_000, cache: defaultRenderCache, strictSubstitution: false };
}
