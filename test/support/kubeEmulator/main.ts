import { startKubeEmulator } from './index';

/**
 * `node dist/kube-emulator.js --port <port> --write-kubeconfig <file> [--seed FILE.yaml]… [--host 127.0.0.1]`
 * runs the emulator in the foreground, writes the kubeconfig when ready, prints
 * `kube-emulator listening <url>` and stops on SIGTERM or SIGINT.
 */

function usage(message: string): never {
  process.stderr.write(`kube-emulator: ${message}\nusage: kube-emulator --port <port> --write-kubeconfig <file> [--seed FILE.yaml]... [--host 127.0.0.1]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let port = 0;
  let kubeconfigPath: string | undefined;
  let host = '127.0.0.1';
  const seed: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++index] ?? usage(`${flag} needs a value`);
    if (flag === '--port') {
      port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be a port number');
    } else if (flag === '--write-kubeconfig') kubeconfigPath = value();
    else if (flag === '--seed') seed.push(value());
    else if (flag === '--host') host = value();
    else if (flag === '--help' || flag === '-h') usage('help');
    else usage(`unknown argument ${arg}`);
  }
  if (!kubeconfigPath) usage('--write-kubeconfig is required');
  const emulator = await startKubeEmulator({ port, host, seed, kubeconfigPath });
  process.stdout.write(`kube-emulator listening ${emulator.url} kubeconfig ${emulator.kubeconfigPath}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`kube-emulator: ${(error as Error).message ?? String(error)}\n`);
  process.exit(2);
});
