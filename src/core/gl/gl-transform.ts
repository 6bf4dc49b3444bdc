import { formatMinorUnits, toMinorUnits } from '../../domain/money.ts';
import { checkConversion, DEFAULT_CURRENCY_OPTIONS, usDate as fxDate, type CurrencyOptions } from '../fx/fx-check.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { SourceEntry } from './gl-entries.ts';
import type { AccountPosting } from './gl-summary.ts';
import type { GlLedgerPlan } from './source-ledgers.ts';
import { DOCUMENT_REFERENCE_PREFIX } from '../sync/sync-references.ts';

/** How entries are created in Intacct, from the Sage 300 company's config. */
export interface GlPostingOptions {
  /** Intacct journal symbol the synced entries go to. */
  readonly journal: string;
  /** Intacct STATE: Posted to post to the GL, Draft to leave for review. */
  readonly state: 'Posted' | 'Draft';
  /**
   * Source ledgers left out of the GL sync (derived from the company's enabled pipelines, see source-ledgers.ts): their
   * documents reach Intacct as bills, invoices and payments, which post to the Intacct GL themselves.
   */
  readonly sourceLedgers: GlLedgerPlan;
  /** Foreign-currency lines: tolerance of the base-amount check and the rate fields sent (default DEFAULT_CURRENCY_OPTIONS). */
  readonly currency?: CurrencyOptions;
}

/** Why an entry cannot be sent; becomes an exception of this class with the message and the fix. */
export interface GlProblem {
  readonly class: 'mapping' | 'validation' | 'period';
  readonly message: string;
  readonly fix: string;
}

/** A mapped entry ready to plan. */
export interface MappedEntry {
  readonly source: SourceEntry;
  readonly reference: string;
  readonly payload: JsonValue;
  /** Debit total per currency, for the run summary. */
  readonly debitsByCurrency: Readonly<Record<string, string>>;
  /** The payload's lines as the preview's per-account totals count them (same account, currency, amount, side). */
  readonly postings: readonly AccountPosting[];
}

const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** The REFERENCENO stamped on the Intacct entry: the Sage 300 origin (company, batch, entry). */
function glReference(entry: SourceEntry): string {
  return `${DOCUMENT_REFERENCE_PREFIX}${entry.company}:${entry.batch}:${entry.entry}`;
}

/**
 * Maps one Sage 300 entry to an Intacct GLBATCH: accounts and dimensions through the mapping engine (never a
 * default), amounts rounded half-up to the 2 decimals Intacct keeps, then checked to balance per currency.
 */
export function transformEntry(
  entry: SourceEntry,
  engine: MappingEngine,
  options: GlPostingOptions,
): { ok: true; value: MappedEntry } | { ok: false; problem: GlProblem } {
  const unmapped: string[] = [];
  const fixes = new Set<string>();
  const lines: Record<string, JsonValue>[] = [];
  const postings: AccountPosting[] = [];
  // Cents as bigint: exact, and no Decimal allocations in a loop that runs once per line of a 10,000-entry period.
  const balance = new Map<string, bigint>();
  const debits = new Map<string, bigint>();
  const currencyOptions = options.currency ?? DEFAULT_CURRENCY_OPTIONS;
  const invalid: string[] = [];
  for (const line of entry.lines) {
    const units = toMinorUnits(line.amount, 2);
    if (units === undefined) {
      unmapped.push(`line ${line.line}: amount "${line.amount}" is not a decimal amount`);
      fixes.add('correct the amount of the posting in Sage 300');
      continue;
    }
    const negative = line.amount.trimStart().startsWith('-');
    if (units === 0n && !/[1-9]/.test(line.amount)) continue; // Intacct refuses zero lines; they carry no value.
    if (line.account === null) {
      unmapped.push(`line ${line.line}: account ${line.accountId} is not in GLAMF`);
      fixes.add(`restore account ${line.accountId} in Sage 300 or correct the posting`);
      continue;
    }
    const resolved = engine.resolveAccount(line.account, line.date);
    if (!resolved.ok) {
      unmapped.push(`line ${line.line}: ${resolved.error.message}`);
      fixes.add(resolved.error.fix);
      continue;
    }
    const foreign = foreignSide(line, engine, currencyOptions);
    if (!foreign.ok) {
      (foreign.kind === 'mapping' ? unmapped : invalid).push(`line ${line.line}: ${foreign.message}`);
      fixes.add(foreign.fix);
      continue;
    }
    const fx = foreign.value;
    const magnitude = fx ? fx.trxCents : units < 0n ? -units : units;
    const currency = fx ? fx.currency : line.currency;
    // Intacct balances an entry in base currency: a foreign line counts at the base Intacct computes from its rate.
    const baseKey = line.fx?.homeCurrency ?? line.currency;
    const baseUnits = fx ? (negative ? -fx.baseCents : fx.baseCents) : units;
    balance.set(baseKey, (balance.get(baseKey) ?? 0n) + baseUnits);
    if (!negative) debits.set(currency, (debits.get(currency) ?? 0n) + magnitude);
    const dims = resolved.value.dimensions;
    // Members in canonical (sorted) order, so serialising the payload needs no sort; absent dimensions are left out.
    const out: Record<string, JsonValue> = { ACCOUNTNO: resolved.value.targetAccount };
    if (dims.CLASSID) out.CLASSID = dims.CLASSID;
    out.CURRENCY = currency;
    if (dims.DEPARTMENT) out.DEPARTMENT = dims.DEPARTMENT;
    out.DESCRIPTION = (line.description || line.reference || `Sage 300 ${line.sourceLedger}-${line.sourceType}`).slice(0, 100);
    if (fx) {
      out.EXCHANGE_RATE = fx.rate;
      out.EXCH_RATE_DATE = fx.rateDate;
      if (fx.rateType !== undefined) out.EXCH_RATE_TYPE_ID = fx.rateType;
    }
    if (dims.LOCATION) out.LOCATION = dims.LOCATION;
    if (dims.PROJECTID) out.PROJECTID = dims.PROJECTID;
    out.TRX_AMOUNT = formatMinorUnits(magnitude, 2);
    out.TR_TYPE = negative ? '-1' : '1';
    lines.push(out);
    postings.push({
      account: resolved.value.targetAccount,
      currency,
      cents: magnitude,
      debit: !negative,
      ...(dims.DEPARTMENT ? { department: dims.DEPARTMENT } : {}),
      ...(dims.LOCATION ? { location: dims.LOCATION } : {}),
    });
  }
  if (unmapped.length > 0) {
    return {
      ok: false,
      problem: {
        class: 'mapping',
        message: `entry ${entry.sourceKey} has unmapped lines: ${unmapped.join('; ')}`,
        fix: [...fixes].join('; '),
      },
    };
  }
  if (invalid.length > 0) {
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `entry ${entry.sourceKey} has foreign-currency lines Intacct would book differently: ${invalid.join('; ')}`,
        fix: [...fixes].join('; '),
      },
    };
  }
  if (lines.length < 2) {
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `entry ${entry.sourceKey} has fewer than two non-zero lines`,
        fix: 'correct the entry in Sage 300; an Intacct journal entry needs a debit and a credit',
      },
    };
  }
  const unbalanced = [...balance].filter(([, total]) => total !== 0n);
  if (unbalanced.length > 0) {
    const detail = unbalanced.map(([cur, total]) => `${cur} off by ${formatMinorUnits(total * 10n, 3)}`).join(', ');
    const converted = entry.lines.some((l) => l.fx && l.fx.sourceCurrency !== l.fx.homeCurrency);
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `entry ${entry.sourceKey} does not balance after mapping (${detail})`,
        fix: converted
          ? 'the base amounts Intacct computes from the sent rates do not balance; correct the rates or amounts in Sage 300 and post a correcting entry'
          : 'correct the entry in Sage 300 (amounts must balance per currency at 2 decimals) and post a correcting entry',
      },
    };
  }
  const reference = glReference(entry);
  const description = entry.lines.find((l) => l.description)?.description ?? '';
  return {
    ok: true,
    value: {
      source: entry,
      reference,
      payload: {
        BATCH_DATE: usDate(entry.date),
        BATCH_TITLE: (description
          ? `${description} (${entry.batch}-${entry.entry})`
          : `Sage 300 ${entry.company} batch ${entry.batch} entry ${entry.entry}`
        ).slice(0, 100),
        ENTRIES: { GLENTRY: lines },
        JOURNAL: options.journal,
        REFERENCENO: reference,
        STATE: options.state,
      },
      debitsByCurrency: Object.fromEntries([...debits].map(([cur, total]) => [cur, formatMinorUnits(total, 2)])),
      postings,
    },
  };
}

/** A foreign line's Intacct fields: transaction amount and currency, the rate sent and the base it gives. */
interface ForeignFields {
  readonly currency: string;
  readonly trxCents: bigint;
  readonly baseCents: bigint;
  readonly rate: string;
  readonly rateDate: string;
  readonly rateType?: string;
}

/**
 * null for a line in the home currency; otherwise the transaction side Intacct gets (SCURNAMT in SCURNCODE at
 * Sage 300's CONVRATE and RATEDATE, the rate type through rate-types.csv), after checking that the base Intacct
 * computes equals Sage 300's home amount within the tolerance.
 */
function foreignSide(
  line: SourceEntry['lines'][number],
  engine: MappingEngine,
  options: CurrencyOptions,
): { ok: true; value: ForeignFields | null } | { ok: false; kind: 'mapping' | 'validation'; message: string; fix: string } {
  const fx = line.fx;
  if (!fx || fx.sourceCurrency === fx.homeCurrency) return { ok: true, value: null };
  const type = engine.rateType(fx.rateType);
  if (!type.ok) return { ok: false, kind: 'mapping', message: type.error.message, fix: type.error.fix };
  const checked = checkConversion(
    {
      currency: fx.sourceCurrency,
      homeCurrency: fx.homeCurrency,
      amount: fx.sourceAmount,
      homeAmount: line.amount,
      rate: fx.rate,
      rateOperator: fx.rateOperator,
      label: 'the line',
    },
    options,
  );
  if (!checked.ok)
    return { ok: false, kind: 'validation', message: checked.problem.message.replace(/^the line: /, ''), fix: checked.problem.fix };
  const trx = toMinorUnits(fx.sourceAmount, 2) ?? 0n;
  return {
    ok: true,
    value: {
      currency: fx.sourceCurrency,
      trxCents: trx < 0n ? -trx : trx,
      baseCents: toMinorUnits(checked.value.base.toFixed(2), 2) ?? 0n,
      rate: checked.value.rate,
      rateDate: fxDate(fx.rateDate ?? line.date),
      ...(options.rateFields === 'type-and-rate' ? { rateType: type.value } : {}),
    },
  };
}
