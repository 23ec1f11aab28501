import { serverVersion } from '../version';
import { UsageError, exitCodes } from './CliError';
import type { CliIo } from './CliIo';
import { history, historyUsage } from './commands/history';
import { revert, revertUsage } from './commands/revert';
import { rollback, rollbackUsage } from './commands/rollback';
import { validate, validateUsage } from './commands/validate';
import { envs, envsUsage } from './commands/envs';
import { render, renderUsage } from './commands/render';

const usage = `Usage: gitops-workbench <command> [options]

Commands:
  validate [PATH…]   validate manifests offline (--format text|json|sarif)
  history --env NAME the commits that changed an environment's inputs
  revert SHA         commit the revert of SHA (--env NAME: only its changes to the environment)
  rollback --env NAME --to SHA  restore an environment's inputs to their content at SHA
  envs               list the repository's environments (--repo DIR, --format text|json)
  render --env NAME  render an environment's desired state as YAML (--repo DIR)

Run gitops-workbench <command> --help for a command's options.
gitops-workbench ${serverVersion}`;

const commands: Record<string, { run: (args: { argv: string[]; io: CliIo }) => number | Promise<number>; usage: string }> = {
  validate: { run: validate, usage: validateUsage },
  history: { run: history, usage: historyUsage },
  revert: { run: revert, usage: revertUsage },
  rollback: { run: rollback, usage: rollbackUsage },
  envs: { run: envs, usage: envsUsage },
  render: { run: render, usage: renderUsage },
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
  const command = commands[name];
  if (!command) {
    args.io.stderr(`gitops-workbench: unknown command "${name}"\n\n${usage}\n`);
    return exitCodes.error;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    args.io.stdout(`${command.usage}\n`);
    return exitCodes.clean;
  }
  try {
    return await command.run({ argv: rest, io: args.io });
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      args.io.stderr(`gitops-workbench ${name}: ${error.message}\n\n${command.usage}\n`);
      return exitCodes.error;
    }
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
    args.io.stderr(`gitops-workbench ${name}: ${error instanceof Error ? error.message : String(error)}${code}\n`);
    return exitCodes.error;
  }
}
