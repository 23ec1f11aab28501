import { createStdioWriter } from './createStdioWriter';
import { runCli } from './runCli';

/** The `gitops-workbench` command line. */
runCli({
  argv: process.argv.slice(2),
  io: {
    cwd: process.cwd(),
    env: process.env,
    stdout: createStdioWriter({ fd: 1, stream: () => process.stdout }),
    stderr: createStdioWriter({ fd: 2, stream: () => process.stderr }),
  },
}).then((code) => {
  process.exitCode = code;
});
