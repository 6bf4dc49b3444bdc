import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { auditCheckpointsSchema } from './audit-checkpoint-config.ts';

const retrySchema = z
  .object({
    maxRetries: z.number().int().min(0).max(10).default(4),
    baseDelayMs: z.number().int().min(0).default(250),
    maxDelayMs: z.number().int().min(0).default(20_000),
    budgetInitial: z.number().min(0).default(20),
    budgetRatio: z.number().min(0).max(1).default(0.2),
  })
  .strict();

const intacctCompanySchema = z
  .object({
    /** Our name for this connection; other config refers to it. */
    key: z.string().min(1),
    endpoint: z.url({ message: 'expected an http(s) URL such as https://api.intacct.com/ia/xml/xmlgw.phtml' }),
    senderId: z.string().min(1),
    senderPassword: z.string().min(1),
    companyId: z.string().min(1),
    userId: z.string().min(1),
    userPassword: z.string().min(1),
    /** Entity-level login (`locationid`); absent means top level. */
    entityId: z.string().min(1).optional(),
    maxConcurrent: z.number().int().min(1).max(50).default(2),
    minTimeMs: z.number().int().min(0).default(0),
    functionsPerRequest: z.number().int().min(1).max(100).default(50),
    timeoutMs: z.number().int().min(100).default(120_000),
    retry: retrySchema.default(retrySchema.parse({})),
  })
  .strict();

const sqlSchema = z.discriminatedUnion('backend', [
  z.object({ backend: z.literal('sqlite'), path: z.string().min(1) }).strict(),
  z
    .object({
      backend: z.literal('mssql'),
      server: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(1433),
      /** One database per company; the database name is the company's org id. */
      database: z.string().min(1),
      user: z.string().min(1),
      password: z.string().min(1),
      encrypt: z.boolean().default(true),
      trustServerCertificate: z.boolean().default(false),
      poolMax: z.number().int().min(1).max(50).default(4),
    })
    .strict(),
]);

const sourceLedger = z.string().regex(/^[A-Z]{2}$/, 'a two-letter Sage 300 source ledger such as AP or AR');

const sourceLedgersSchema = z
  .object({
    /** Ledgers the GL sync sends although an enabled pipeline replicates their documents (audited; may post twice). */
    include: z.array(sourceLedger).default([]),
    /** Further ledgers the GL sync leaves out although no pipeline replicates them. */
    exclude: z.array(sourceLedger).default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const l of v.include)
      if (v.exclude.includes(l))
        ctx.addIssue({ code: 'custom', path: ['exclude'], message: `${l} is in both include and exclude; name it in one of them` });
  });

const sage300CompanySchema = z
  .object({
    key: z.string().min(1),
    /** Sage 300 org id, e.g. SAMINC. */
    companyId: z.string().min(1).max(6),
    /** Which intacct.companies[].key this company's data goes to. */
    intacctCompany: z.string().min(1),
    /** Intacct entity (locationid) this company posts into, for multi-entity consolidation. */
    intacctEntityId: z.string().min(1).optional(),
    sql: sqlSchema,
    /** How the SQL reader pages and re-reads (see the Sage 300 reader README section). */
    reader: z
      .object({
        /** Rows per keyset page. */
        pageSize: z.number().int().min(1).max(100_000).default(1000),
        /** Seconds re-read before an audit-stamp watermark. */
        overlapSeconds: z.number().int().min(0).default(600),
        /** GL posting sequences re-read before the incremental cursor's own (which is always re-read). */
        overlapSequences: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ pageSize: 1000, overlapSeconds: 600, overlapSequences: 0 }),
    /** Names of the account structure's segments in order; accounts.csv patterns and `=segment` use them. */
    accountSegments: z.array(z.string().min(1)).min(1).default(['account', 'department', 'region']),
    gl: z
      .object({
        /** Intacct journal symbol the synced entries are created in. */
        journal: z.string().min(1).default('GJ'),
        /** Posted to post to the Intacct GL at once, Draft to leave the entries for review there. */
        state: z.enum(['Posted', 'Draft']).default('Posted'),
        /**
         * Override of the source ledgers the GL sync leaves out. Without it the GL sync leaves out the ledger of every
         * document type another enabled pipeline replicates (AP, AR, PM: see `pipelines`), so nothing posts twice.
         */
        sourceLedgers: sourceLedgersSchema.default({ include: [], exclude: [] }),
      })
      .strict()
      .default({ journal: 'GJ', state: 'Posted', sourceLedgers: { include: [], exclude: [] } }),
    /**
     * Pipelines enabled for this company whose documents post to the Intacct GL themselves (bills, invoices and
     * payments, project billing). A disabled one refuses to run for the company, and the GL sync sends its ledger.
     */
    pipelines: z
      .object({ apInvoices: z.boolean().default(true), ar: z.boolean().default(true), projects: z.boolean().default(true) })
      .strict()
      .default({ apInvoices: true, ar: true, projects: true }),
    /** Foreign-currency documents and entries (README "Multi-currency"). */
    currency: z
      .object({
        /** Largest accepted difference between Intacct's computed base amount and Sage 300's home amount, per line. */
        baseTolerance: z
          .string()
          .regex(/^\d{1,6}(\.\d{1,4})?$/, 'a non-negative decimal amount such as 0.01')
          .default('0.01'),
        /** type-and-rate: the mapped rate type with Sage 300's rate; rate-only: the rate alone. */
        rateFields: z.enum(['type-and-rate', 'rate-only']).default('type-and-rate'),
      })
      .strict()
      .default({ baseTolerance: '0.01', rateFields: 'type-and-rate' }),
    /** AP payments (README "AP payments"): each Sage 300 bank code (APTCR.IDBANK) → its Intacct checking account id. */
    apPayments: z
      .object({ bankAccounts: z.record(z.string().min(1), z.string().min(1)).default({}) })
      .strict()
      .default({ bankAccounts: {} }),
    webApi: z
      .object({
        /** http(s)://HOST/Sage300WebApi/v1.0/-/COMPANY */
        baseUrl: z.url({ message: 'expected an http(s) URL ending in /Sage300WebApi/v1.0/-/COMPANY' }),
        user: z.string().min(1),
        password: z.string().min(1),
        maxConcurrent: z.number().int().min(1).max(20).default(2),
        timeoutMs: z.number().int().min(100).default(60_000),
      })
      .strict(),
  })
  .strict();

const ROLES = ['analyst', 'agent', 'approver', 'auditor', 'admin'] as const;

const principalSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lowercase letters, digits, ".", "_" or "-"'),
    roles: z.array(z.enum(ROLES)).min(1),
    /** SHA-256 (hex) of the principal's HTTP bearer token; the token itself is never stored. */
    tokenSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters (sha256 of the token)')
      .optional(),
  })
  .strict();

/** Approval modes, strictest first: a principal holding several roles gets the strictest that applies. */
export const APPROVAL_MODES = ['required', 'confirm', 'auto'] as const;

const decimalText = z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'expected a non-negative decimal amount as text, e.g. "10000.00"');

const approvalRuleSchema = z.union([
  z.enum(APPROVAL_MODES),
  z
    .object({
      mode: z.enum(APPROVAL_MODES),
      /** Only for `auto`: above this total (any one currency) the call falls back to `required`. */
      maxAmount: decimalText.optional(),
    })
    .strict(),
]);

const roleRulesSchema = z.partialRecord(z.enum(ROLES), approvalRuleSchema);

/** One approver webhook: its URL (a secret for Slack; never logged) and a name the logs use instead. */
const approvalNotifySchema = z
  .object({
    url: z.url({ protocol: /^https?$/, message: 'expected the http(s) URL of a Slack or Teams incoming webhook' }),
    name: z.string().min(1).max(64).optional(),
  })
  .strict();

const rateLimitSchema = z
  .object({
    /** Calls allowed per principal and tool in each window. */
    calls: z.number().int().min(1).max(100_000),
    windowSeconds: z.number().int().min(1).max(86_400).default(60),
    /** Calls of one principal and tool running at once. */
    maxConcurrent: z.number().int().min(1).max(100).default(4),
  })
  .strict();

/** A budget of refused requests: forbidden, invalid or unauthenticated ones beyond it are answered rate-limited. */
const refusedBudgetSchema = z
  .object({
    calls: z.number().int().min(1).max(100_000),
    windowSeconds: z.number().int().min(1).max(86_400).default(60),
  })
  .strict();

/** Canonical vendor fields the vendor sync compares and writes (src/core/vendors/vendor-fields.ts). */
const VENDOR_SYNC_FIELDS = ['NAME', 'STATUS', 'TAXID', 'EMAIL', 'REMITTO'] as const;
const systemSchema = z.enum(['sage300', 'intacct']);

const vendorSyncSchema = z
  .object({
    /** Which system owns each field: a change made on the other side to a field it does not own goes to the exceptions queue. */
    systemOfRecord: z
      .object({ default: systemSchema.default('sage300'), fields: z.partialRecord(z.enum(VENDOR_SYNC_FIELDS), systemSchema).default({}) })
      .strict()
      .default({ default: 'sage300', fields: {} }),
  })
  .strict();

/** Canonical customer fields the customer sync compares and writes (src/core/customers/customer-spec.ts). */
const CUSTOMER_SYNC_FIELDS = [
  'NAME',
  'STATUS',
  'EMAIL',
  'PHONE',
  'ADDRESS1',
  'ADDRESS2',
  'CITY',
  'STATE',
  'ZIP',
  'CURRENCY',
  'TERMS',
  'CREDITLIMIT',
] as const;

const customerSyncSchema = z
  .object({
    /** Which system owns each customer field (credit limit and terms included); same rules as vendors. */
    systemOfRecord: z
      .object({ default: systemSchema.default('sage300'), fields: z.partialRecord(z.enum(CUSTOMER_SYNC_FIELDS), systemSchema).default({}) })
      .strict()
      .default({ default: 'sage300', fields: {} }),
  })
  .strict();

const scheduleSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lowercase letters, digits, ".", "_" or "-"'),
    /** The tool the schedule calls, with these arguments, through the same governance as any client. */
    tool: z.string().min(1),
    arguments: z.record(z.string(), z.unknown()).default({}),
    everyMinutes: z.number().min(0.01).max(10_080),
    /** The service principal the runs act as (must be in principals). */
    principal: z.string().min(1),
  })
  .strict();

/** The whole sagebridge configuration; parsed once at boot. */
const configSchema = z
  .object({
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    stateDir: z.string().min(1).default('./.sagebridge'),
    intacct: z
      .object({ companies: z.array(intacctCompanySchema).default([]) })
      .strict()
      .default({ companies: [] }),
    sage300: z
      .object({ companies: z.array(sage300CompanySchema).default([]) })
      .strict()
      .default({ companies: [] }),
    /** Folder holding the mapping CSV files (mappings/README.md). */
    mappingsDir: z.string().min(1).default('./mappings'),
    principals: z.array(principalSchema).default([]),
    /** The principal the CLI acts as; its interactive prompt or --yes is the confirmation, audited as such. */
    operator: z.string().min(1).default('operator'),
    audit: z
      .object({
        /** SQLite file of the append-only audit log; default STATEDIR/audit.db. */
        path: z.string().min(1).optional(),
        /** Signed checkpoints outside the audit database (audit-checkpoint-config.ts); on with defaults when absent. */
        checkpoints: auditCheckpointsSchema.optional(),
      })
      .strict()
      .default({}),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        /** Host header values accepted (DNS-rebinding protection); default: the bound host and localhost at the port. */
        allowedHosts: z.array(z.string().min(1)).default([]),
        /** Origin header values accepted when a browser sends one; requests without Origin are allowed. */
        allowedOrigins: z.array(z.url()).default([]),
        maxBodyBytes: z.number().int().min(1024).max(50_000_000).default(1_000_000),
        /** All request headers together (node's maxHeaderSize); larger requests get HTTP 431. */
        maxHeaderBytes: z.number().int().min(1024).max(1_048_576).default(16_384),
        /** A tool call's arguments as JSON (UTF-8 bytes), on every transport; larger calls are invalid_arguments. */
        maxArgumentBytes: z.number().int().min(256).max(50_000_000).default(65_536),
        /** Open MCP sessions per principal; opening one more closes that principal's least recently used idle session. */
        maxSessionsPerPrincipal: z.number().int().min(1).max(10_000).default(16),
        /** The principal a stdio client acts as (stdio has no token: whoever starts the process is this principal). */
        stdioPrincipal: z.string().min(1).optional(),
        /** The base URL people reach this server at (behind a proxy); console links use it. Default: the HTTP listen address. */
        publicUrl: z
          .url({
            protocol: /^https?$/,
            message: 'expected the http(s) base URL people open the console at, e.g. https://sagebridge.example.com',
          })
          .optional(),
      })
      .strict()
      .default({
        host: '127.0.0.1',
        port: 8787,
        allowedHosts: [],
        allowedOrigins: [],
        maxBodyBytes: 1_000_000,
        maxHeaderBytes: 16_384,
        maxArgumentBytes: 65_536,
        maxSessionsPerPrincipal: 16,
      }),
    approvals: z
      .object({
        /** A pending change set can be approved for this long after it was planned. */
        expiresAfterMinutes: z.number().int().min(1).max(43_200).default(1440),
        /** Policy per role for every write tool; roles not named here get `required`. */
        defaults: roleRulesSchema.default({ agent: 'required', analyst: 'confirm' }),
        /** Per tool overrides of `defaults`, by role. */
        tools: z.record(z.string(), roleRulesSchema).default({}),
        /**
         * How an MCP requester confirms under `confirm`: `url` (default) in the console, the client only opens the page
         * (URL-mode elicitation); `form` by a form elicitation the client answers (not proof that a person answered).
         */
        confirmation: z.enum(['url', 'form']).default('url'),
        /** How the CLI operator confirms under `confirm`: `terminal` (y/N prompt or --yes) or `console` like MCP's url mode. */
        cliConfirmation: z.enum(['terminal', 'console']).default('terminal'),
        /** Incoming webhooks (Slack/Teams `{"text": ...}`) told when a change set starts waiting, with its console link. */
        notify: z.array(approvalNotifySchema).default([]),
      })
      .strict()
      .default({
        expiresAfterMinutes: 1440,
        defaults: { agent: 'required', analyst: 'confirm' },
        tools: {},
        confirmation: 'url',
        cliConfirmation: 'terminal',
        notify: [],
      }),
    rateLimits: z
      .object({
        default: rateLimitSchema.default({ calls: 120, windowSeconds: 60, maxConcurrent: 4 }),
        tools: z.record(z.string(), rateLimitSchema).default({}),
        /** Forbidden and invalid calls per principal; beyond it every call of that principal is rate-limited. */
        refused: refusedBudgetSchema.default({ calls: 30, windowSeconds: 60 }),
        /** HTTP requests without a valid bearer token per remote address; beyond it HTTP 429 with Retry-After. */
        unauthenticated: refusedBudgetSchema.default({ calls: 30, windowSeconds: 60 }),
      })
      .strict()
      .default({
        default: { calls: 120, windowSeconds: 60, maxConcurrent: 4 },
        tools: {},
        refused: { calls: 30, windowSeconds: 60 },
        unauthenticated: { calls: 30, windowSeconds: 60 },
      }),
    schedules: z.array(scheduleSchema).default([]),
    sync: z
      .object({
        vendors: vendorSyncSchema.default({ systemOfRecord: { default: 'sage300', fields: {} } }),
        customers: customerSyncSchema.default({ systemOfRecord: { default: 'sage300', fields: {} } }),
      })
      .strict()
      .default({
        vendors: { systemOfRecord: { default: 'sage300', fields: {} } },
        customers: { systemOfRecord: { default: 'sage300', fields: {} } },
      }),
    alerts: z
      .object({
        /** Slack- or Teams-style incoming webhook: each new exception is POSTed once as JSON {text, ...}. */
        webhookUrl: z.url({ message: 'expected an http(s) URL of an incoming webhook' }).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type IntacctCompanyConfig = z.infer<typeof intacctCompanySchema>;
export type RetryConfig = z.infer<typeof retrySchema>;
export type Sage300CompanyConfig = z.infer<typeof sage300CompanySchema>;
export type PrincipalConfig = z.infer<typeof principalSchema>;
export type ApprovalRule = z.infer<typeof approvalRuleSchema>;
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

/** Where the audit log lives. */
export const auditPath = (config: Config): string => config.audit.path ?? join(config.stateDir, 'audit.db');

/** One message naming every bad field and what it expects. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${NAME}` in every string with the environment variable, so secrets need not live in the file. */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, path: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_m: string, name: string) => {
      const found = env[name];
      if (found === undefined) {
        problems.push(`${path || '(root)'}: environment variable ${name} is not set (set it, or write the value in the file)`);
        return _m;
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, `${path}[${i}]`, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path ? `${path}.${k}` : k, problems)]));
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      '',
    ) || '(root)'
  );
}

/** Validates an already-loaded object (from a file or from code). */
export function parseConfig(raw: unknown, source = 'config', env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const interpolated = interpolate(raw ?? {}, env, '', problems);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) {
    for (const issue of result.error.issues) {
      // The opt-in list this replaced: say what took its place rather than only that the key is unknown.
      const replaced = issue.code === 'unrecognized_keys' && issue.keys.includes('excludeSourceLedgers');
      problems.push(
        `${formatPath(issue.path)}: ${issue.message}${replaced ? '; excludeSourceLedgers is replaced: the GL sync leaves out AP, AR and PM by itself while their pipelines are enabled (see `pipelines`), and gl.sourceLedgers { include, exclude } overrides that' : ''}`,
      );
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(source, problems);
  const keys = new Set<string>();
  for (const [i, c] of result.data.intacct.companies.entries()) {
    if (keys.has(c.key)) problems.push(`intacct.companies[${i}].key: "${c.key}" is used twice; keys must be unique`);
    keys.add(c.key);
  }
  const s300Keys = new Set<string>();
  for (const [i, c] of result.data.sage300.companies.entries()) {
    if (s300Keys.has(c.key)) problems.push(`sage300.companies[${i}].key: "${c.key}" is used twice; keys must be unique`);
    s300Keys.add(c.key);
    if (!keys.has(c.intacctCompany)) {
      problems.push(
        `sage300.companies[${i}].intacctCompany: "${c.intacctCompany}" is not a key in intacct.companies (have: ${[...keys].join(', ') || 'none'})`,
      );
    }
  }
  const names = new Set<string>();
  const hashes = new Map<string, string>();
  for (const [i, p] of result.data.principals.entries()) {
    if (names.has(p.name)) problems.push(`principals[${i}].name: "${p.name}" is used twice`);
    names.add(p.name);
    if (p.tokenSha256 === undefined) continue;
    // One token must name one principal: a shared hash would let either act as the other.
    const holder = hashes.get(p.tokenSha256);
    if (holder !== undefined)
      problems.push(`principals[${i}].tokenSha256: the same token hash as principal "${holder}"; give each principal its own token`);
    else hashes.set(p.tokenSha256, p.name);
  }
  if (result.data.server.stdioPrincipal !== undefined && !names.has(result.data.server.stdioPrincipal)) {
    problems.push(`server.stdioPrincipal: "${result.data.server.stdioPrincipal}" is not a name in principals`);
  }
  for (const [i, s] of result.data.schedules.entries()) {
    if (!names.has(s.principal)) problems.push(`schedules[${i}].principal: "${s.principal}" is not a name in principals`);
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return result.data;
}

/** Reads a JSON or YAML file (by extension; .yml/.yaml are YAML) and validates it. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  let raw: unknown;
  try {
    const ext = extname(path).toLowerCase();
    raw = ext === '.yml' || ext === '.yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`]);
  }
  return parseConfig(raw, path, env);
}

/** Resolves which config file to use: `--config FILE`, else SAGEBRIDGE_CONFIG, else none (sandbox defaults). */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag ?? (env.SAGEBRIDGE_CONFIG || undefined);
}
