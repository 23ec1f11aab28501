import * as http from 'node:http';
import { KubeApiError } from './errors/KubeApiError';

/**
 * kubeApiErrorFromResponse turns a non-2xx answer into a KubeApiError: the Status object's reason,
 * message and details when the API server sent one, else the HTTP status and the start of the body
 * (a proxy or load balancer in front of the server answers with plain text or HTML).
 */
export function kubeApiErrorFromResponse(args: { status: number; body: Buffer; method: string; path: string }): KubeApiError {
  const text = args.body.toString('utf8');
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const statusText = http.STATUS_CODES[args.status] ?? 'Unknown';
  if (parsed && parsed.kind === 'Status') {
    const reason = typeof parsed.reason === 'string' && parsed.reason !== '' ? parsed.reason : statusText.replace(/\s+/g, '');
    const message = typeof parsed.message === 'string' && parsed.message !== '' ? parsed.message : `${args.method} ${args.path}: ${args.status} ${statusText}`;
    const details = parsed.details && typeof parsed.details === 'object' ? (parsed.details as Record<string, unknown>) : undefined;
    return new KubeApiError(args.status, reason, message, details);
  }
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new KubeApiError(args.status, statusText.replace(/\s+/g, ''), `${args.method} ${args.path}: the server answered ${args.status} ${statusText}${excerpt ? `: ${excerpt}` : ''}`);
}
