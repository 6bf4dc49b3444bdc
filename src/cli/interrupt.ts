import type { CliIo } from './context.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancellation of the command's call: writes in flight finish, the
 * call answers with what it sent, and the audit log closes after its last row. A second signal is the operator
 * insisting: the handlers are gone by then, so it stops the process at once (start-up recovery settles the rest).
 */
export function interruptSignal(io: CliIo, note: string): { readonly signal: AbortSignal; dispose(): void } {
  const cancel = new AbortController();
  const dispose = (): void => {
    for (const s of SIGNALS) process.off(s, onSignal);
  };
  function onSignal(sig: NodeJS.Signals): void {
    dispose();
    io.err(`${sig === 'SIGINT' ? 'Ctrl-C' : sig}: cancelling. ${note}`);
    cancel.abort();
  }
  for (const s of SIGNALS) process.once(s, onSignal);
  return { signal: cancel.signal, dispose };
}
