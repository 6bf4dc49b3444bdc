import type Database from 'better-sqlite3';
import type { Logger } from '../../platform/logger.ts';
import type { IntacctBehaviours } from './behaviours.ts';
import type { CurrencySettings } from './currency-settings.ts';

/** Web Services sender plus one company user; the emulator hosts exactly one company. */
export interface EmulatorCredentials {
  senderId: string;
  senderPassword: string;
  companyId: string;
  userId: string;
  userPassword: string;
}

/** Failure injection knobs; see README.md for the exact semantics of each. */
export interface FaultSettings {
  /** Answer time of every gateway request, from its arrival; the emulator's processing counts toward it. */
  latencyMs: number;
  /** Extra ms per function occurrence, by function element name, e.g. `{ create: 5 }`. */
  functionLatencyMs: Record<string, number>;
  /** 0..1: answered with HTTP `error5xxStatus`, no XML, before processing. */
  error5xxRate: number;
  /** Status used by `error5xxRate`; default 503. */
  error5xxStatus: number;
  /** 0..1: socket destroyed (ECONNRESET) before processing. */
  resetRate: number;
  /** Next N requests containing a write: processed and committed, then no response is ever sent. */
  hangAfterCommit: number;
  /** Next N requests get HTTP 429 + GW-0010. */
  storm429: number;
}

/** The records a fresh emulator database is seeded with, per object (generic field names), plus period states. */
export interface IntacctCompanySeed {
  GLACCOUNT: Record<string, string>[];
  GLJOURNAL: Record<string, string>[];
  DEPARTMENT: Record<string, string>[];
  /** A row with ISENTITY 'true' is an entity usable as login locationid. */
  LOCATION: Record<string, string>[];
  CLASS: Record<string, string>[];
  CUSTOMER: Record<string, string>[];
  PROJECT: Record<string, string>[];
  VENDOR: Record<string, string>[];
  /** Inventory/purchasing items (ITEMID, NAME, STATUS); purchasing lines must name one. */
  ITEM?: Record<string, string>[];
  /** Tax details (DETAILID, TAXRATE, STATUS) that invoice and bill tax entries name. */
  TAXDETAIL?: Record<string, string>[];
  /** Attachment folders (FOLDERNAME) an attachment (create_supdoc) may be filed in. */
  SUPDOCFOLDER?: Record<string, string>[];
  /** 'yyyy-mm' periods open for posting; every other period is closed. */
  openPeriods: string[];
  /** Base currency, enabled currencies and exchange rate tables; the built-in USD company's when absent. */
  currency?: CurrencySettings;
  /** Journal entries already in the company (made directly in Intacct), each a GLBATCH header and its GLENTRY lines. */
  GLBATCH?: { header: Record<string, string>; lines: Record<string, string>[] }[];
}

export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** ':memory:' (default) or a file path; a file keeps state across restarts and is seeded only when empty. */
  dbPath?: string;
  /** Requests in flight at once; beyond it => HTTP 429 GW-0010. Default 8; 0 = unlimited. */
  maxConcurrent?: number;
  /** Sliding session duration in seconds; default 3600. Same as behaviour `sessionTimeoutSec`. */
  sessionTimeoutSec?: number;
  /** Switches for UNCONFIRMED behaviours (behaviours.ts, README table); unknown names or bad values throw. */
  behaviours?: Partial<IntacctBehaviours>;
  credentials?: Partial<EmulatorCredentials>;
  faults?: Partial<FaultSettings>;
  /** What an empty database is seeded with; default the small built-in company. */
  company?: IntacctCompanySeed;
  /** Seeds the RNG behind error5xxRate/resetRate so runs are repeatable. */
  seed?: number;
  log?: Logger;
  /** Clock for sessions and WHENCREATED/WHENMODIFIED; default real time. */
  now?: () => Date;
}

export interface EmulatorStats {
  /** Gateway requests received, rejected ones included. */
  requests: number;
  functions: number;
  /** Requests answered HTTP 429 (over `maxConcurrent`, or `storm429`). */
  rejected429: number;
  /** Peak number of admitted gateway requests in flight at once (a 429-rejected request is never admitted). */
  maxInFlight: number;
  /** API sessions issued by `getAPISession` (a caller's own session handed back again is not a new one). */
  sessionsIssued: number;
  /** `sessionsIssued` by the session's location: the entity id, or '' for the top level. */
  sessionsByLocation: Record<string, number>;
  byFunction: Record<string, number>;
  /**
   * Time spent reading and processing answered requests, in ms (arrival to answer ready, less `functionLatencyMs`):
   * the emulator's own share of each answer, which `latencyMs` includes rather than adds to.
   */
  processingMs: number;
}

export interface IntacctEmulator {
  /** http://HOST:PORT/ia/xml/xmlgw.phtml */
  endpoint: string;
  port: number;
  credentials: EmulatorCredentials;
  /** Entity location ids usable as login `locationid`. */
  entityIds: string[];
  db: Database.Database;
  setFaults(f: Partial<FaultSettings>): void;
  /** Every existing session becomes invalid. */
  expireSessions(): void;
  /** Closes a fiscal period such as '2026-01'; posting into it then fails. */
  closePeriod(yyyyMm: string): void;
  /** Changes switches at run time (also `POST /_emulator/behaviours`); throws a TypeError naming a bad one. */
  setBehaviours(patch: Partial<IntacctBehaviours>): IntacctBehaviours;
  behaviours(): IntacctBehaviours;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Row counts per object name. */
  counts(): Record<string, number>;
  /** Closes the server, every held socket and the database. */
  stop(): Promise<void>;
}

export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  senderId: 'sagebridge-sandbox',
  senderPassword: 'sandbox-sender-pw',
  companyId: 'SAGEBRIDGE-DEMO',
  userId: 'sync_user',
  userPassword: 'sandbox-user-pw',
};

export const DEFAULT_FAULTS: FaultSettings = {
  latencyMs: 0,
  functionLatencyMs: {},
  error5xxRate: 0,
  error5xxStatus: 503,
  resetRate: 0,
  hangAfterCommit: 0,
  storm429: 0,
};

export const GATEWAY_PATH = '/ia/xml/xmlgw.phtml';
