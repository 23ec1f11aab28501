import type { Rule } from './Rule';

/** runSafely runs a rule's check; a rule that throws reports nothing rather than stopping validation. */
export function runSafely<T>(rule: Rule, check: () => T[]): T[] {
  try {
    return check();
  } catch (error) {
    // A rule bug must not take validation down; it is reported on stderr for us to fix.
    process.stderr.write(`gitops-workbench: rule ${rule.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return [];
  }
}
