import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIntacctDemoCompany, type IntacctDemoTruth } from './demo-data/intacct-company.ts';
import { plantPeriodMismatch, reconPlants, type ReconPlants } from './demo-data/recon-plants.ts';
import { generateSage300Company, type Sage300Truth } from './demo-data/sage300-company.ts';
import type { IntacctCompanySeed } from './intacct-emulator/index.ts';
import { openCompanyDb } from './sage300-db/schema.ts';

export const SANDBOX_COMPANY = 'SAMINC';
const DEMO_SEED = 300;

/** Files of one sandbox under its data folder. */
interface SandboxPaths {
  dir: string;
  sage300Db: string;
  intacctDb: string;
  truth: string;
  principals: string;
  config: string;
  stateDir: string;
}

export interface SandboxTruth {
  scale: number;
  seed: number;
  sage300: Sage300Truth;
  intacct: IntacctDemoTruth;
  /** Differences planted for the trial-balance reconciliation (absent in sandboxes made before they existed). */
  recon?: ReconPlants;
}

/** The demo principals and their roles; tokens are generated once per sandbox and stored beside the data. */
export const DEMO_PRINCIPALS: Record<string, ('analyst' | 'agent' | 'approver' | 'auditor' | 'admin')[]> = {
  analyst: ['analyst'],
  agent: ['agent'],
  approver: ['approver'],
  approver2: ['approver'],
  auditor: ['auditor'],
};

function sandboxPaths(dir: string): SandboxPaths {
  return {
    dir,
    sage300Db: join(dir, `sage300-${SANDBOX_COMPANY}.db`),
    intacctDb: join(dir, 'intacct.db'),
    truth: join(dir, 'demo-truth.json'),
    principals: join(dir, 'principals.json'),
    config: join(dir, 'sagebridge.config.json'),
    stateDir: join(dir, 'state'),
  };
}

/** A sandbox problem the user can fix (wrong scale, unreadable folder); shown as one line. */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

export interface PreparedSandbox {
  paths: SandboxPaths;
  truth: SandboxTruth;
  /** Company the Intacct emulator seeds into an empty database. */
  intacctCompany: IntacctCompanySeed;
  tokens: Record<string, string>;
  created: boolean;
}

function removeData(paths: SandboxPaths): void {
  for (const file of [paths.sage300Db, paths.intacctDb, paths.truth, paths.principals, paths.config]) {
    for (const suffix of ['', '-wal', '-shm', '.tmp']) rmSync(`${file}${suffix}`, { force: true });
  }
  rmSync(paths.stateDir, { recursive: true, force: true });
}

function loadOrCreateTokens(paths: SandboxPaths): Record<string, string> {
  if (existsSync(paths.principals)) return JSON.parse(readFileSync(paths.principals, 'utf8')) as Record<string, string>;
  const tokens = Object.fromEntries(
    Object.keys(DEMO_PRINCIPALS).map((name) => [name, `sbx_${name}_${randomBytes(18).toString('base64url')}`]),
  );
  writeFileSync(paths.principals, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  return tokens;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Seeds both demo companies under `dir` unless they are already there. The Sage 300 database is generated into a
 * temporary file and renamed into place, so an interrupted run never leaves a half-written company behind.
 */
export function prepareSandboxData(dir: string, options: { scale?: number; reset?: boolean } = {}): PreparedSandbox {
  const scale = options.scale ?? 1;
  const paths = sandboxPaths(dir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new SandboxError(`cannot create the data folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (options.reset) removeData(paths);

  let created = false;
  let truth: SandboxTruth;
  if (existsSync(paths.sage300Db) && existsSync(paths.truth)) {
    truth = JSON.parse(readFileSync(paths.truth, 'utf8')) as SandboxTruth;
    if (options.scale !== undefined && truth.scale !== scale) {
      throw new SandboxError(`the sandbox in ${dir} was generated at scale ${truth.scale}; add --reset to regenerate it at scale ${scale}`);
    }
  } else {
    removeData(paths);
    const tmp = `${paths.sage300Db}.tmp`;
    const db = openCompanyDb(tmp);
    let sage300: Sage300Truth;
    let recon: ReconPlants;
    try {
      sage300 = generateSage300Company(db, { seed: DEMO_SEED, scale, companyId: SANDBOX_COMPANY });
      recon = reconPlants(sage300.fiscalYear, plantPeriodMismatch(db, SANDBOX_COMPANY, sage300.fiscalYear));
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    for (const suffix of ['-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
    renameSync(tmp, paths.sage300Db);
    const reopened = new Database(paths.sage300Db, { readonly: true });
    try {
      truth = { scale, seed: DEMO_SEED, sage300, intacct: buildIntacctDemoCompany(reopened, sage300).truth, recon };
    } finally {
      reopened.close();
    }
    writeFileSync(paths.truth, `${JSON.stringify(truth)}\n`);
    created = true;
  }
  const db = new Database(paths.sage300Db, { readonly: true });
  let intacctCompany: IntacctCompanySeed;
  try {
    intacctCompany = buildIntacctDemoCompany(db, truth.sage300).company;
  } finally {
    db.close();
  }
  mkdirSync(paths.stateDir, { recursive: true });
  return { paths, truth, intacctCompany, tokens: loadOrCreateTokens(paths), created };
}
