import { runCli } from './runCli';

/** The `gitops-workbench` command line. */
runCli({
  argv: process.argv.slice(2),
  io: {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  },
}).then((code) => {
  process.exitCode = code;
});
