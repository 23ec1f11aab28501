import type { RenderResult } from './RenderedObject';

/**
 * RenderCache keeps recent render results by key (the fingerprint of an environment's inputs and
 * of the tools), least recently used out first. Owned by the caller: one per language server, or
 * the module's default.
 */
export class RenderCache {
  private readonly entries = new Map<string, RenderResult>();

  constructor(private readonly capacity = 32) {}

  get(key: string): RenderResult | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, result: RenderResult): void {
    this.entries.delete(key);
    this.entries.set(key, result);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** defaultRenderCache is the process-wide cache used when options do not bring one. */
export const defaultRenderCache = new RenderCache();
