import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newToken, type EmulatorUser } from './auth';
import { createCertificates } from './certificates';
import type { FaultSettings } from './faults';
import { renderKubeconfig, writeFileAtomically } from './kubeconfig';
import { groupResource } from './objectApi';
import { applySeed, parseYamlObjects, readSeedFile } from './seed';
import { KubeEmulatorServer } from './server';
import type { KubeObject } from './store';

export type { FaultSettings } from './faults';
export type { KubeObject } from './store';

export interface KubeEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** Objects to apply at start: YAML file paths, YAML text (`yaml:`), or objects. Namespaces and CRDs go first. */
  seed?: (string | KubeObject)[];
  /** Field manager the seed is applied with (default `kube-emulator-seed`). */
  seedFieldManager?: string;
  /** Where to write the kubeconfig (default: a new temporary directory). */
  kubeconfigPath?: string;
  /** How many watch events are kept for resuming watches (older resourceVersions get 410). */
  historyLimit?: number;
}

export interface RunningKubeEmulator {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  kubeconfigPath: string;
  /** The admin token (context `kube-emulator`, the current one). */
  token: string;
  /** A read-only token (get/list/watch; context `kube-emulator-reader`, user `reader`). */
  readOnlyToken: string;
  caPem: string;
  server: KubeEmulatorServer;
  /** Replace the fault switches (`{}` clears them). */
  setFaults(faults: FaultSettings): void;
  /** Forget the watch history: watches and continue tokens from before now get 410 Expired. */
  compact(): void;
  /** Apply objects (YAML text or objects) as the seed does. */
  apply(objects: string | KubeObject[], fieldManager?: string): void;
  /** Read a stored object directly (no HTTP); group '' is core. */
  getObject(group: string, resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** `METHOD path?query code` lines of the requests answered so far. */
  requests: string[];
  stop(): Promise<void>;
}

const defaultNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * startKubeEmulator runs the Kubernetes API emulator in this process. Talk to it asynchronously
 * (spawn, not spawnSync: a blocked event loop cannot answer kubectl).
 */
export async function startKubeEmulator(options: KubeEmulatorOptions = {}): Promise<RunningKubeEmulator> {
  const certificates = createCertificates();
  const users: EmulatorUser[] = [
    { name: 'admin', token: newToken(), readOnly: false },
    { name: 'reader', token: newToken(), readOnly: true },
  ];
  const host = options.host ?? '127.0.0.1';
  const server = new KubeEmulatorServer({ host, port: options.port ?? 0, certificates, users, historyLimit: options.historyLimit });
  const seedManager = options.seedFieldManager ?? 'kube-emulator-seed';
  applySeed(server.api, defaultNamespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })), seedManager);
  const seedObjects: KubeObject[] = [];
  for (const entry of options.seed ?? []) {
    if (typeof entry !== 'string') seedObjects.push(entry);
    else if (entry.startsWith('yaml:')) seedObjects.push(...parseYamlObjects(entry.slice(5)));
    else seedObjects.push(...readSeedFile(entry));
  }
  applySeed(server.api, seedObjects, seedManager);
  await server.start();
  let kubeconfigPath = options.kubeconfigPath;
  let temporaryDir: string | undefined;
  if (!kubeconfigPath) {
    temporaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-emulator-'));
    kubeconfigPath = path.join(temporaryDir, 'kubeconfig');
  }
  writeFileAtomically(kubeconfigPath, renderKubeconfig({ server: server.url, caPem: certificates.caPem, users }));
  return {
    url: server.url,
    port: server.port,
    kubeconfigPath,
    token: users[0].token,
    readOnlyToken: users[1].token,
    caPem: certificates.caPem,
    server,
    setFaults: (faults) => server.faults.set(faults),
    compact: () => server.store.compact(),
    apply: (objects, fieldManager) => applySeed(server.api, typeof objects === 'string' ? parseYamlObjects(objects) : objects, fieldManager ?? seedManager),
    getObject: (group, resource, namespace, name) => server.store.get(groupResource({ group, resource }), namespace, name),
    requests: server.requests,
    stop: async () => {
      await server.stop();
      if (temporaryDir) fs.rmSync(temporaryDir, { recursive: true, force: true });
    },
  };
}
