import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

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
    /** Names of the account structure's segments in order; accounts.csv patterns and `=segment` use them. */
    accountSegments: z.array(z.string().min(1)).min(1).default(['account', 'department', 'region']),
    gl: z
      .object({
        /** Intacct journal symbol the synced entries are created in. */
        journal: z.string().min(1).default('GJ'),
        /** Posted to post to the Intacct GL at once, Draft to leave the entries for review there. */
        state: z.enum(['Posted', 'Draft']).default('Posted'),
      })
      .strict()
      .default({ journal: 'GJ', state: 'Posted' }),
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

export const ROLES = ['analyst', 'agent', 'approver', 'auditor', 'admin'] as const;

const principalSchema = z
  .object({
    name: z.string().min(1).regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lowercase letters, digits, ".", "_" or "-"'),
    roles: z.array(z.enum(ROLES)).min(1),
    /** SHA-256 (hex) of the principal's HTTP bearer token; the token itself is never stored. */
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters (sha256 of the token)').optional(),
  })
  .strict();

/** The whole sagebridge configuration; parsed once at boot. */
export const configSchema = z
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
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path ? `${path}.${k}` : k, problems)]),
    );
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '') || '(root)';
}

/** Validates an already-loaded object (from a file or from code). */
export function parseConfig(raw: unknown, source = 'config', env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const interpolated = interpolate(raw ?? {}, env, '', problems);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${formatPath(issue.path)}: ${issue.message}`);
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
      problems.push(`sage300.companies[${i}].intacctCompany: "${c.intacctCompany}" is not a key in intacct.companies (have: ${[...keys].join(', ') || 'none'})`);
    }
  }
  const names = new Set<string>();
  for (const [i, p] of result.data.principals.entries()) {
    if (names.has(p.name)) problems.push(`principals[${i}].name: "${p.name}" is used twice`);
    names.add(p.name);
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
