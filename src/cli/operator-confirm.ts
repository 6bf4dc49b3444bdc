import { createInterface } from 'node:readline/promises';
import type { AuditPort } from '../core/ports/audit-port.ts';
import type { Config } from '../platform/config.ts';
import type { CliIo } from './emulate.ts';

/** The decision an approval step of any pipeline returns. */
export type OperatorDecision = { decision: 'approved'; by: string; selfConfirmed: boolean; note?: string } | { decision: 'rejected'; by: string; reason: string } | { decision: 'pending' };

/** What the confirmation needs of a pipeline's preview. */
interface PreviewLike {
  readonly changeSetId: number | null;
  readonly digest: string;
}

/**
 * The CLI's approval step for any pipeline: the operator's `--yes` or prompt answer is their confirmation, recorded in
 * the audit log (like an elicitation answer) before anything is sent. Without a terminal and without --yes the change
 * set waits for an approver.
 */
export function operatorConfirmation<P extends PreviewLike>(
  config: Config,
  io: CliIo,
  options: { pipeline: string; yes: boolean; json: boolean; audit: AuditPort; describe: (preview: P) => string; question: (preview: P) => string },
): (preview: P) => Promise<OperatorDecision> {
  const record = (preview: P, decision: string, note: string): void => {
    options.audit.append({ kind: 'approval', principal: config.operator, action: `${options.pipeline}:change_set`, decision, outcome: 'intent', changeSetId: preview.changeSetId, detail: { digest: preview.digest, requestedBy: config.operator, note, via: 'cli' } });
  };
  return async (preview) => {
    if (!options.json) io.err(options.describe(preview));
    if (options.yes) {
      record(preview, 'confirmed', 'confirmed with --yes at the CLI');
      return { decision: 'approved', by: config.operator, selfConfirmed: true, note: 'confirmed with --yes at the CLI' };
    }
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      io.err(`Not confirmed: the change set waits for approval. Re-run with --yes to confirm it as ${config.operator}.`);
      return { decision: 'pending' };
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = (await rl.question(`${options.question(preview)} as ${config.operator}? [y/N] `)).trim().toLowerCase();
    rl.close();
    if (answer === 'y' || answer === 'yes') {
      record(preview, 'confirmed', 'confirmed at the interactive prompt');
      return { decision: 'approved', by: config.operator, selfConfirmed: true, note: 'confirmed at the interactive prompt' };
    }
    record(preview, 'declined', 'declined at the interactive prompt');
    return { decision: 'rejected', by: config.operator, reason: 'declined at the interactive prompt' };
  };
}
