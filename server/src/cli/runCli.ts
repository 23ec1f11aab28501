import { serverVersion } from '../version';
import { exitCodes } from './CliError';
import type { CliIo } from './CliIo';

const usage = `Usage: gitops-workbench <command> [options]

Commands:
  validate [PATH…]   validate manifests offline (--format text|json|sarif)
  history --env NAME the commits that changed an environment's inputs
  revert SHA         commit the revert of SHA (--env NAME: only its changes to the environment)
  rollback --env NAME --to SHA  restore an environment's inputs to their content at SHA
  envs               list the repository's environments (--repo DIR, --format text|json)
  render --env NAME  render an environment's desired state as YAML (--repo DIR)
  drift --env NAME   compare desired state with the live cluster, per object and field
  diff --env NAME    unified diff desired → live of what drifted (secrets masked)
  sync --env NAME    plan, then (--yes) sync: push apply, or ask Flux / Argo CD to reconcile

Run gitops-workbench <command> --help for a command's options.
gitops-workbench ${serverVersion}`;

/** CliCommand is a command's entry point and its usage text. */
interface CliCommand {
  run(args: { argv: string[]; io: CliIo }): number | Promise<number>;
  usage: string;
}

/**
 * The commands, one line each: `name: () => import('./commands/name').then((m) => ({ run: m.name,
 * usage: m.nameUsage }))`. A command's module loads only when it runs, and the build bundles each
 * into a file of its own (esbuild.mjs: dist/cli/<name>.js), so that a process pays only for the
 * command it runs: loading every command (the validator's ajv and schemas, the renderer…) was a
 * quarter of a `history`.
 */
const commands: Record<string, () => Promise<CliCommand>> = {
  validate: () => import('./commands/validate').then((m) => ({ run: m.validate, usage: m.validateUsage })),
  history: () => import('./commands/history').then((m) => ({ run: m.history, usage: m.historyUsage })),
  revert: () => import('./commands/revert').then((m) => ({ run: m.revert, usage: m.revertUsage })),
  rollback: () => import('./commands/rollback').then((m) => ({ run: m.rollback, usage: m.rollbackUsage })),
  envs: () => import('./commands/envs').then((m) => ({ run: m.envs, usage: m.envsUsage })),
  render: () => import('./commands/render').then((m) => ({ run: m.render, usage: m.renderUsage })),
  drift: () => import('./commands/drift').then((m) => ({ run: m.drift, usage: m.driftUsage })),
  diff: () => import('./commands/diff').then((m) => ({ run: m.diff, usage: m.diffUsage })),
  sync: () => import('./commands/sync').then((m) => ({ run: m.sync, usage: m.syncUsage })),
};

/** runCli dispatches a command line and returns the exit code; it never throws. */
export async function runCli(args: { argv: string[]; io: CliIo }): Promise<number> {
  const [name, ...rest] = args.argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    args.io.stdout(`${usage}\n`);
    return name === undefined ? exitCodes.error : exitCodes.clean;
  }
  if (name === '--version' || name === '-v') {
    args.io.stdout(`${serverVersion}\n`);
    return exitCodes.clean;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    args.io.stderr(`gitops-workbench: unknown command "${name}"\n\n${usage}\n`);
    return exitCodes.error;
  }
  let command: CliCommand | undefined;
  try {
    command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      args.io.stdout(`${command.usage}\n`);
      return exitCodes.clean;
    }
    return await command.run({ argv: rest, io: args.io });
  } catch (error) {
    if (command && isUsageError(error)) {
      args.io.stderr(`gitops-workbench ${name}: ${error.message}\n\n${command.usage}\n`);
      return exitCodes.error;
    }
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
    args.io.stderr(`gitops-workbench ${name}: ${error instanceof Error ? error.message : String(error)}${code}\n`);
    return exitCodes.error;
  }
}

/**
 * isUsageError recognises a UsageError by its code, or a command line node:util parseArgs
 * rejected. Not by class: each command is bundled apart (see `commands`), with its own copy of
 * the UsageError class.
 */
function isUsageError(error: unknown): error is Error {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return error.code === 'Usage' || (error instanceof TypeError && String(error.code).startsWith('ERR_PARSE_ARGS'));
}
