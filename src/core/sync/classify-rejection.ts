import type { GlWriteErrorCode } from '../ports/gl-ports.ts';
import type { ExceptionClass } from './raise-exception.ts';

/**
 * The exception class of a write the target definitely refused, by its closed code (the connector names the
 * code; core never reads the upstream text). A closed period is `period`, not `validation`: its fix is elsewhere.
 */
export function classifyRejection(code: GlWriteErrorCode): ExceptionClass {
  switch (code) {
    case 'period_closed':
      return 'period';
    case 'duplicate':
      return 'duplicate';
    case 'validation':
      return 'validation';
    default:
      return 'upstream';
  }
}
