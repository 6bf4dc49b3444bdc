import type { PeriodCheck } from '../core/sync/closed-periods.ts';
import { closedPeriodLines } from './preview-periods.ts';

/** A plan's exception as the preview lists it, with what fixes it. */
export interface PreviewProblem {
  readonly sourceKey: string;
  readonly class: string;
  readonly message: string;
  readonly fix?: string;
}

/** How many writes would create, update, and how many records are skipped (already there or unchanged). */
interface PreviewActions {
  readonly create: number;
  readonly update: number;
  readonly skip: number;
}

/** One named total: per account, department, location, currency, vendor, customer or project. */
export interface NamedTotal {
  readonly by: 'account' | 'department' | 'location' | 'currency' | 'vendor' | 'customer' | 'project';
  readonly id: string;
  /** The record's name in the target ('' when it has none there yet). */
  readonly name: string;
  readonly currency: string;
  readonly debit?: string;
  readonly credit?: string;
  readonly amount?: string;
}

/** A list of lines under a title, cut after `limit` with a `… N more <noun>` line (all lines when no limit). */
interface PreviewSection {
  readonly title: string;
  readonly lines: readonly string[];
  readonly limit?: number;
  /** What a line is, plural (`accounts`), for the `… N more` line. */
  readonly noun?: string;
}

/**
 * What an approver reads before a change set is sent, in one shape for every pipeline: each write tool's presentation
 * fills it in from its preview, and `formatPreview` turns it into text (the confirmation prompt, the CLI summary and
 * the first lines of every message a write tool returns).
 */
export interface PreviewDocument {
  /** What the change set writes, e.g. `create 130 journal entries in Sage Intacct (130 new, 0 updated)`. */
  readonly writes: string;
  /** Counts beside the writes, e.g. `3 already there`, `2 to the exceptions queue`. */
  readonly counts: readonly string[];
  /** Money totals, each by currency under its own label (e.g. `Debit totals`). */
  readonly totals: readonly { readonly label: string; readonly byCurrency: Readonly<Record<string, string>> }[];
  /** A breakdown table: by account, vendor, customer or project (the first 12 rows). */
  readonly breakdown?: PreviewSection;
  /** Lines an approver must check one by one (credit limit before → after, status writes). */
  readonly highlights?: PreviewSection;
  /** Further sentences (e.g. changes waiting in a change set of their own). */
  readonly notes?: readonly string[];
  readonly problems: readonly PreviewProblem[];
  /** Would-create, would-update and skipped counts. */
  readonly actions: PreviewActions;
  /** Totals with names (structured; the breakdown is their text). */
  readonly named?: readonly NamedTotal[];
  /** The closed-period pre-check (added by the governance layer from the plan). */
  readonly periods?: PeriodCheck;
  /** What would be sent, in send order (added by the governance layer; the structured preview lists the first ones). */
  readonly items?: readonly { readonly objectType: string; readonly sourceKey: string; readonly targetSystem: string }[];
}

const BREAKDOWN_ROWS = 12;
const PROBLEM_ROWS = 20;

function section(s: PreviewSection | undefined, indent: string): string[] {
  if (!s || s.lines.length === 0) return [];
  const shown = s.limit === undefined ? s.lines : s.lines.slice(0, s.limit);
  const more = s.lines.length - shown.length;
  return [`${s.title}:`, ...shown.map((l) => `${indent}${l}`), ...(more > 0 ? [`  … ${more} more ${s.noun ?? 'lines'}`] : [])];
}

/**
 * The one text of a preview, for every pipeline: `head` (e.g. `Change set 12 for SAMINC`) and what is written, the
 * totals and digest, the breakdown, the highlights, the notes and the exceptions.
 */
export function formatPreview(head: string, digest: string, doc: PreviewDocument): string {
  const counts = doc.counts.length > 0 ? `; ${doc.counts.join(', ')}` : '';
  const money = doc.totals.map(
    (t) =>
      `${t.label}: ${
        Object.entries(t.byCurrency)
          .map(([c, v]) => `${v} ${c}`)
          .join(', ') || 'nothing'
      }`,
  );
  const second = [...money, ...(digest === '' ? [] : [`Digest ${digest}`])].join('. ');
  return [
    `${head}: ${doc.writes}${counts}.`,
    ...(second === '' ? [] : [`${second}.`]),
    ...closedPeriodLines(doc.periods),
    ...section(doc.breakdown && { limit: BREAKDOWN_ROWS, ...doc.breakdown }, '  '),
    ...section(doc.highlights, '  ~ '),
    ...(doc.notes ?? []),
    ...section(
      {
        title: 'Exceptions',
        lines: doc.problems.map((p) => `${p.class} ${p.sourceKey}: ${p.message}${p.fix ? ` (fix: ${p.fix})` : ''}`),
        limit: PROBLEM_ROWS,
        noun: 'exceptions',
      },
      '  ! ',
    ),
  ].join('\n');
}
