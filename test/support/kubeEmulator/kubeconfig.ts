import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { EmulatorUser } from './auth';

/** renderKubeconfig writes a kubeconfig with one context per user; the first user's context is current. */
export function renderKubeconfig(args: { server: string; caPem: string; users: EmulatorUser[]; namespace?: string }): string {
  const cluster = 'kube-emulator';
  const contextName = (user: EmulatorUser, index: number) => (index === 0 ? 'kube-emulator' : `kube-emulator-${user.name}`);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: args.server, 'certificate-authority-data': Buffer.from(args.caPem).toString('base64') } }],
    contexts: args.users.map((user, index) => ({ name: contextName(user, index), context: { cluster, user: user.name, namespace: args.namespace ?? 'default' } })),
    'current-context': contextName(args.users[0], 0),
    users: args.users.map((user) => ({ name: user.name, user: { token: user.token } })),
    preferences: {},
  });
}

/** writeFileAtomically writes through a temporary file and a rename, so readers never see half a file. */
export function writeFileAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
