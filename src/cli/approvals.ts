import type { Principal } from '../governance/principals.ts';
import type { Config } from '../platform/config.ts';
import { createApp } from '../server/app.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { EXIT, exitForError, exitForStatus } from './exit-codes.ts';
import { APPROVALS_HELP } from './help.ts';
import { operatorPrincipal } from './tool-command.ts';


/** `sagebridge approvals list|show|approve|reject`: the approval queue through the same governor as MCP clients. */
export async function runApprovals(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    io.out(APPROVALS_HELP);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  const { values, positionals } = parseFlags(rest, {
    help: { type: 'boolean', short: 'h' },
    status: { type: 'string' },
    digest: { type: 'string' },
    comment: { type: 'string' },
    reason: { type: 'string' },
    token: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.out(APPROVALS_HELP);
    return EXIT.ok;
  }
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
  const calls: Record<string, () => { tool: string; args: Record<string, unknown> }> = {
    list: () => ({ tool: 'list_change_sets', args: { ...(values.status ? { status: values.status } : {}), limit: 200 } }),
    show: () => ({ tool: 'get_change_set', args: { change_set_id: intFlag('id', positionals[0], 0, 1, Number.MAX_SAFE_INTEGER), items_limit: 5 } }),
    approve: () => ({ tool: 'approve_change_set', args: { change_set_id: intFlag('id', positionals[0], 0, 1, Number.MAX_SAFE_INTEGER), ...(values.comment ? { comment: values.comment } : {}), ...(values.digest ? { digest: values.digest } : {}) } }),
    reject: () => {
      if (!values.reason?.trim()) throw new UsageError('reject needs --reason "why" (kept in the audit log)');
      return { tool: 'reject_change_set', args: { change_set_id: intFlag('id', positionals[0], 0, 1, Number.MAX_SAFE_INTEGER), reason: values.reason } };
    },
  };
  const make = calls[action];
  if (!make) throw new UsageError(`unknown approvals action "${action}"; available: list, show, approve, reject`);
  const { tool, args } = make();

  const app = createApp(config, { log: io.log });
  try {
    const token = values.token ?? process.env.SAGEBRIDGE_TOKEN;
    let principal: Principal | undefined;
    if (token) {
      principal = app.principals.authenticate(token);
      if (!principal) throw new UsageError('the token given with --token or $SAGEBRIDGE_TOKEN matches no configured principal');
    } else {
      principal = operatorPrincipal(app, config);
    }
    const outcome = await app.governor.call(principal, tool, args, { via: 'cli' });
    if (!outcome.ok) {
      io.err(`sagebridge: ${outcome.error.code}: ${outcome.error.message}`);
      return exitForError(outcome.error.code);
    }
    if (values.json) io.out(JSON.stringify(outcome.output));
    else if (action === 'list') {
      const sets = (outcome.output.change_sets ?? []) as { change_set_id: number; pipeline: string; company: string; status: string; requested_by: string; created_at: string; digest: string }[];
      if (sets.length === 0) io.out('No change sets.');
      for (const cs of sets) io.out(`#${cs.change_set_id} ${cs.pipeline}/${cs.company} ${cs.status.padEnd(9)} by ${cs.requested_by} at ${cs.created_at} digest ${cs.digest.slice(0, 12)}…`);
    } else if (action === 'show') io.out(JSON.stringify(outcome.output, null, 2));
    else io.out(outcome.text);
    // An approval that executed reports how the execution went, with the same codes as the sync commands.
    const result = outcome.output.result as { status?: unknown } | undefined;
    return action === 'approve' ? exitForStatus(result?.status) : 0;
  } finally {
    await app.close();
  }
}
