import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** EmulatorCertificates: a self-signed CA and a server certificate for 127.0.0.1, ::1 and localhost (PEM). */
export interface EmulatorCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let cached: EmulatorCertificates | undefined;

/**
 * createCertificates makes a throwaway P-256 CA and a server certificate signed by it with Debian's
 * `openssl` (3.x, whose `req -x509 -CA` signs in one step). The pair is made once per process.
 */
export function createCertificates(): EmulatorCertificates {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-emulator-tls-'));
  try {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=kube-emulator-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    run(['req', '-x509', ...ec, '-keyout', 'server.key', '-out', 'server.crt', '-days', '825', '-subj', '/CN=kube-emulator',
      '-CA', 'ca.crt', '-CAkey', 'ca.key',
      '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:FALSE',
      '-addext', 'extendedKeyUsage=serverAuth', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment']);
    cached = {
      caPem: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
      certPem: fs.readFileSync(path.join(dir, 'server.crt'), 'utf8'),
      keyPem: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
    };
    return cached;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`kube emulator: could not make its TLS certificates with openssl: ${stderr || (error as Error).message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
