import type { Config } from '../platform/config.ts';
import { openStateStore } from '../server/gl-wiring.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { EXCEPTIONS_HELP } from './help.ts';

const STATUSES = ['open', 'retrying', 'resolved'] as const;

/** `sagebridge exceptions list|resolve|retry`: the exceptions queue for people. */
export function runExceptions(argv: string[], config: Config, configured: boolean, io: CliIo): number {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    io.out(EXCEPTIONS_HELP);
    return action === undefined ? 2 : 0;
  }
  const { values, positionals } = parseFlags(rest, { status: { type: 'string' }, pipeline: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } });
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG');
  const state = openStateStore(config);
  const store = state.store;
  try {
    if (action === 'list') {
      const status = values.status ?? 'open';
      if (!(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status expects one of ${STATUSES.join(', ')}, got "${status}"`);
      const rows = store.exceptions.list({ status: status as (typeof STATUSES)[number], ...(values.pipeline ? { pipeline: values.pipeline } : {}) });
      if (values.json) io.out(JSON.stringify(rows));
      else if (rows.length === 0) io.out(`No ${status} exceptions.`);
      else for (const e of rows) io.out(`#${e.id} [${e.pipeline}/${e.class}] ${e.sourceKey}: ${e.message}\n    fix: ${e.fix}`);
      return 0;
    }
    const id = intFlag('id', positionals[0], 0, 1, Number.MAX_SAFE_INTEGER);
    if (action === 'resolve') {
      if (!values.reason?.trim()) throw new UsageError('resolve needs --reason "why this needs no sync" (it is kept in the audit trail)');
      const done = store.exceptions.resolve(id, { reason: values.reason.trim(), by: config.operator });
      if (!done.ok) throw new UsageError(done.message);
      io.out(`Exception #${id} resolved by ${config.operator}: ${values.reason.trim()}`);
      return 0;
    }
    if (action === 'retry') {
      const done = store.exceptions.markRetry(id);
      if (!done.ok) throw new UsageError(done.message);
      io.out(`Exception #${id} marked for retry; the next sync of ${done.value.pipeline} re-reads ${done.value.sourceKey} and resolves it when it posts.`);
      return 0;
    }
    throw new UsageError(`unknown exceptions action "${action}"; available: list, resolve, retry`);
  } finally {
    state.close();
  }
}
