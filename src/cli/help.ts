/** Usage text; kept apart so `--help` output and the README reference stay easy to compare. */
const MAIN_HELP = `sagebridge — governed Sage 300 <-> Sage Intacct sync, served as MCP tools

Usage:
  sagebridge <command> [options]

Commands:
  serve               Serve the governed MCP tools over --stdio or --http (on the sandbox without --config)
  approvals           List, show, approve or reject change sets waiting for approval
SYNC_LINES
  reconcile           Reconcile a period's trial balance, Sage 300 vs Sage Intacct, with each variance explained
  exceptions          List, resolve (with a reason) or retry the exceptions queue
  mappings validate   Check the mapping files against both charts of accounts (file:line for each problem)
  audit               Verify the audit log's hash chain, or export it as JSON Lines or CSV
  sandbox             Seed and serve both demo companies, and write a config file for them
  emulate intacct     Run the Sage Intacct XML-gateway emulator on loopback
  emulate sage300     Run the Sage 300 Web API emulator on loopback over a company database
  help                Show this help

Global options:
  --config FILE       JSON or YAML configuration (default: $SAGEBRIDGE_CONFIG, else sandbox defaults)
  -h, --help          Show help for a command
  -v, --version       Print the version

Run 'sagebridge <command> --help' for the options of one command.
`;

export const EMULATE_INTACCT_HELP = `Usage: sagebridge emulate intacct [options]

Serves the Sage Intacct XML gateway (POST /ia/xml/xmlgw.phtml) on 127.0.0.1 with a built-in company,
until SIGTERM or Ctrl-C.

Options:
  --port N              Port to listen on; 0 picks a free port (default 8901)
  --db FILE             SQLite file for the emulator's state (default: in memory)
  --latency-ms N        Answer time per request, in ms, processing included (default 0)
  --max-concurrent N    Requests in flight before HTTP 429 / GW-0010; 0 = unlimited (default 8)
  --session-timeout N   Sliding session duration in seconds (default 3600)
  --json                Print one JSON ready line with the endpoint and credentials
  -h, --help            Show this help
`;

export const EMULATE_HELP = `Usage: sagebridge emulate <intacct|sage300> [options]

  intacct    Sage Intacct XML gateway (POST /ia/xml/xmlgw.phtml) with a built-in company
  sage300    Sage 300 Web API (/Sage300WebApi/v1.0/-/COMPANY/...) over a SQLite company database

Run 'sagebridge emulate intacct --help' or 'sagebridge emulate sage300 --help' for the options.
`;

export const EMULATE_SAGE300_HELP = `Usage: sagebridge emulate sage300 [options]

Serves the Sage 300 Web API on 127.0.0.1 over a SQLite company database (the same tables and columns the
SQL reader reads), until SIGTERM or Ctrl-C.

Options:
  --port N         Port to listen on; 0 picks a free port (default 8902)
  --db FILE        Company database; seeded with the demo company when new or empty.
                   Without --db a freshly seeded demo company in a temporary folder is served.
  --company ID     Sage 300 org id (default SAMINC)
  --json           Print one JSON ready line with the base URL, credentials and database path
  -h, --help       Show this help
`;

export const SANDBOX_HELP = `Usage: sagebridge sandbox [options]

Seeds both demo companies under the data folder if they are not there yet (Sage 300 company database and
Sage Intacct emulator state), serves both emulators, and writes DIR/sagebridge.config.json: an ordinary
configuration pointing at them, with the demo principals. Other commands then work with --config that file.

Options:
  --data DIR       Data folder (default ./.sagebridge)
  --scale K        Multiply the demo volumes (default 1; 100 gives over 10,000 journal entries in one period)
  --reset          Delete the folder's sandbox data first and seed anew
  --json           Print one JSON ready line: {"ready":true,"config":...,"intacct":{...},"sage300":{...}}
  -h, --help       Show this help
`;

export const RECONCILE_HELP = `Usage: sagebridge reconcile --period YYYY-MM [--company KEY] [--json]

Compares the period activity of a Sage 300 fiscal period (posted GLPOST lines, grouped through the mapping
files) with the Sage Intacct trial balance of the same dates at the company's entity, per Intacct account,
department and location. Each variance is explained by its records: entries not synced yet (or in the outbox or
the exceptions queue), unmapped Sage 300 accounts, entries made directly in Intacct, entries dated into another
period; what remains is reported as unexplained. Writes reconciliation-COMPANY-PERIOD.{json,csv,txt} under
STATEDIR/reports and updates the latest report (MCP resource sagebridge://reports/reconciliation/latest).

Options:
  --period YYYY-MM     The Sage 300 fiscal year and period, e.g. 2026-03
  --company KEY        The Sage 300 company (needed when several are configured)
  --json               Print the full report as one JSON object
  -h, --help           Show this help

Exit codes: 0 reconciled to zero, 3 variances or unmapped activity found, 2 bad input, 1 an upstream read failed.
`;

export const MAPPINGS_HELP = `Usage: sagebridge mappings validate [--as-of YYYY-MM-DD] [--company KEY] [--json]

Checks the mapping files (mappingsDir) against the Sage 300 chart of accounts and the Intacct catalogs: every
active Sage 300 account resolves on the date, every target account and dimension value exists and is active in
Intacct, and no two rules overlap. Every problem names the file and line and the fix. Exit 0 when clean, 3 when
problems were found, 2 for bad input.
`;

export const EXCEPTIONS_HELP = `Usage: sagebridge exceptions <list|resolve|retry> [options]

  list [--status open|retrying|resolved] [--pipeline gl] [--json]   Queued records, with the fix for each
  resolve ID --reason TEXT                                          Close one by hand; the reason is kept
  retry ID                                                          Mark one for retry after a fix; the next
                                                                    sync re-reads it and resolves it when it posts
`;

export const SERVE_HELP = `Usage: sagebridge serve (--stdio | --http) [options]

Serves the governed MCP tools. Without --config (and without $SAGEBRIDGE_CONFIG) it starts the sandbox first:
both emulators, the demo companies, demo mappings and demo principals, with state under ./.sagebridge.

  --stdio          MCP over stdin/stdout, acting as server.stdioPrincipal (the sandbox: analyst)
  --http           MCP over Streamable HTTP at http://HOST:PORT/mcp; every request needs a principal's bearer
                   token, Host and Origin are checked against allow-lists, bodies are size-limited
  --port N         HTTP port (default server.port, 8787); 0 picks a free port
  --json           Print one JSON ready line: {"ready":true,"url":...,"config":...,"principals":{...},...}
  --data DIR       Sandbox data folder (default ./.sagebridge); ignored with --config
  -h, --help       Show this help
`;

export const APPROVALS_HELP = `Usage: sagebridge approvals <list|show|approve|reject> [options]

  list [--status planned|approved|rejected|expired|executing|executed] [--json]
  show ID [--json]                       The summary, digest and first planned items of one change set
  approve ID [--digest HEX] [--comment TEXT]
                                         Approve and execute exactly the planned writes (single use)
  reject ID --reason TEXT                Reject; nothing is sent

The CLI acts as the configured operator principal, or as the principal whose bearer token is given with
--token TOKEN or $SAGEBRIDGE_TOKEN. Approving needs the approver role, and nobody approves their own change set.
Every call goes through the same governance and audit log as the MCP tools.
Exit codes: 0 done, 2 bad input or unknown change set, 5 refused (not an approver, own change set, digest
changed, expired, already decided), 1 other failures.
`;

export const AUDIT_HELP = `Usage: sagebridge audit <verify|export> [options]

Works on the append-only audit log at audit.path (default STATEDIR/audit.db), read-only.

  verify [--json]                      Recompute the hash chain. Prints "OK <rows> rows, last hash <hash>" (exit 0)
                                       or "BROKEN at seq N: <reason>" naming the first bad row (exit 1).
                                       Keep the last hash somewhere else: the chain cannot show rows cut off the end.
  export --format jsonl|csv            Stream the rows in seq order (CSV per RFC 4180, detail as JSON text)
         [--from DATE] [--to DATE]     DATE: YYYY-MM-DD (UTC; --to includes that day) or an ISO instant with a
                                       time zone (--to instant is exclusive)
         [--out FILE]                  Write FILE (complete or not at all) instead of stdout

Exit codes: 0 done, 1 chain broken, 2 bad input or no usable audit log.
The same checks run without sagebridge: npx tsx audit/verify/main.ts FILE (see audit/README.md).
`;


/** The main usage text, with one `sync` line per write tool the registry gives a CLI name. */
export function mainHelp(tools: readonly { readonly cli?: string; readonly title: string }[]): string {
  const lines = tools.filter((t) => t.cli !== undefined).map((t) => `  ${(t.cli ?? '').padEnd(20)}${t.title} (through the approval policy)`);
  return MAIN_HELP.replace('SYNC_LINES', lines.join('\n'));
}
