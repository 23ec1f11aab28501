import type { Ctx } from '../ctx';

export const showOutputId = 'gitopsWorkbench.showOutput';

/** showOutput (GitOps: Show Language Server Log) shows the output channel. */
export function showOutput(ctx: Ctx): void {
  ctx.output.show(true);
}
