import { Command } from 'commander';
import type { Principal } from '../governance/principals.ts';
import { createApp } from '../server/app.ts';
import { idNumber, UsageError } from './args.ts';
import { NO_CONFIG, type CliHost, type CliSession } from './context.ts';
import { EXIT, exitCodeHelp, exitForError, exitForStatus } from './exit-codes.ts';
import { interruptSignal } from './interrupt.ts';
import { operatorPrincipal } from './tool-command.ts';

type Action = 'list' | 'show' | 'approve' | 'reject' | 'resume';

interface Common {
  token?: string;
  json?: boolean;
}

const TOKEN_HELP = 'act as the principal with this bearer token (default $SAGEBRIDGE_TOKEN, else the configured operator)';

/** `sagebridge approvals list|show|approve|reject`: the approval queue through the same governor as MCP clients. */
export function approvalsCommand(host: CliHost): Command {
  const run = (action: Action, tool: string, args: Record<string, unknown>, values: Common): Promise<void> =>
    runApprovals(action, tool, args, values, host.session()).then(host.done);
  const list = new Command('list')
    .description('Change sets, newest first')
    .option('--status <status>', 'planned, approved, rejected, expired, executing or executed')
    .option('--json', 'print the result as one JSON object')
    .option('--token <token>', TOKEN_HELP)
    .action((values: Common & { status?: string }) =>
      run('list', 'list_change_sets', { ...(values.status ? { status: values.status } : {}), limit: 200 }, values),
    );
  const show = new Command('show')
    .description('The summary, digest and first planned items of one change set')
    .argument('<id>', 'the change set id', idNumber)
    .option('--json', 'print the result as one JSON object')
    .option('--token <token>', TOKEN_HELP)
    .action((id: number, values: Common) => run('show', 'get_change_set', { change_set_id: id, items_limit: 5 }, values));
  const approve = new Command('approve')
    .description('Approve and execute exactly the planned writes (single use)')
    .argument('<id>', 'the change set id', idNumber)
    .option('--digest <hex>', 'approve only if the change set still has this digest')
    .option('--comment <text>', 'kept in the audit log')
    .option('--json', 'print the result as one JSON object')
    .option('--token <token>', TOKEN_HELP)
    .action((id: number, values: Common & { digest?: string; comment?: string }) =>
      run(
        'approve',
        'approve_change_set',
        { change_set_id: id, ...(values.comment ? { comment: values.comment } : {}), ...(values.digest ? { digest: values.digest } : {}) },
        values,
      ),
    );
  const reject = new Command('reject')
    .description('Reject; nothing is sent')
    .argument('<id>', 'the change set id', idNumber)
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .option('--json', 'print the result as one JSON object')
    .option('--token <token>', TOKEN_HELP)
    .action((id: number, values: Common & { reason: string }) => {
      if (!values.reason.trim()) throw new UsageError('reject needs --reason "why" (kept in the audit log)');
      return run('reject', 'reject_change_set', { change_set_id: id, reason: values.reason }, values);
    });
  const resume = new Command('resume')
    .description('Send the rest of an approved change set whose execution was interrupted (no new approval)')
    .argument('<id>', 'the change set id', idNumber)
    .option('--json', 'print the result as one JSON object')
    .option('--token <token>', TOKEN_HELP)
    .action((id: number, values: Common) => run('resume', 'resume_change_set', { change_set_id: id }, values));
  return new Command('approvals')
    .description('List, show, approve, reject or resume change sets')
    .addHelpText(
      'after',
      `
The CLI acts as the configured operator principal, or as the principal whose bearer token is given with
--token TOKEN or $SAGEBRIDGE_TOKEN. Approving needs the approver role, and nobody approves their own change set.
Every call goes through the same governance and audit log as the MCP tools. Exit codes:
${exitCodeHelp()}`,
    )
    .addCommand(list)
    .addCommand(show)
    .addCommand(approve)
    .addCommand(reject)
    .addCommand(resume);
}

async function runApprovals(
  action: Action,
  tool: string,
  args: Record<string, unknown>,
  values: Common,
  { config, configPath, io }: CliSession,
): Promise<number> {
  if (configPath === undefined) throw new UsageError(NO_CONFIG);
  const app = createApp(config, { log: io.log });
  // Approving or resuming executes: a signal cancels between batches like a sync command's does.
  const interrupt = interruptSignal(io, 'Writes in flight finish; the rest of the change set stays approved.');
  try {
    const token = values.token ?? process.env.SAGEBRIDGE_TOKEN;
    let principal: Principal | undefined;
    if (token) {
      principal = app.principals.authenticate(token);
      if (!principal) throw new UsageError('the token given with --token or $SAGEBRIDGE_TOKEN matches no configured principal');
    } else {
      principal = operatorPrincipal(app, config);
    }
    const outcome = await app.governor.call(principal, tool, args, { via: 'cli', signal: interrupt.signal });
    if (!outcome.ok) {
      io.err(`sagebridge: ${outcome.error.code}: ${outcome.error.message}`);
      return exitForError(outcome.error.code);
    }
    if (values.json) io.out(JSON.stringify(outcome.output));
    else if (action === 'list') {
      const sets = (outcome.output.change_sets ?? []) as {
        change_set_id: number;
        pipeline: string;
        company: string;
        status: string;
        requested_by: string;
        created_at: string;
        digest: string;
      }[];
      if (sets.length === 0) io.out('No change sets.');
      for (const cs of sets)
        io.out(
          `#${cs.change_set_id} ${cs.pipeline}/${cs.company} ${cs.status.padEnd(9)} by ${cs.requested_by} at ${cs.created_at} digest ${cs.digest.slice(0, 12)}…`,
        );
    } else if (action === 'show') io.out(JSON.stringify(outcome.output, null, 2));
    else io.out(outcome.text);
    // An approval that executed reports how the execution went, with the same codes as the sync commands.
    const result = outcome.output.result as { status?: unknown } | undefined;
    return action === 'approve' || action === 'resume' ? exitForStatus(result?.status) : EXIT.ok;
  } finally {
    interrupt.dispose();
    await app.close();
  }
}
