import { UpstreamError } from '../../domain/upstream-error.ts';
import type { IntacctError } from './errors.ts';

const UNREACHABLE: ReadonlySet<IntacctError['code']> = new Set([
  'transport',
  'unreachable',
  'rate_limited',
  'session_expired',
  'unknown_outcome',
]);

/** The error a planning read throws when Intacct could not be read: upstream when Intacct did not answer, else a plain failure. */
export function readFailure(what: string, error: IntacctError): Error {
  const message = `Intacct ${what} could not be read: ${error.message}`;
  if (UNREACHABLE.has(error.code)) return new UpstreamError('Sage Intacct', 'unreachable', message);
  if (error.code === 'auth_failed') return new UpstreamError('Sage Intacct', 'credentials', message);
  return new Error(message);
}
