/** A plan's exception as the preview lists it. */
export interface PreviewProblem {
  readonly sourceKey: string;
  readonly class: string;
  readonly message: string;
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
    ...section(doc.breakdown && { limit: BREAKDOWN_ROWS, ...doc.breakdown }, '  '),
    ...section(doc.highlights, '  ~ '),
    ...(doc.notes ?? []),
    ...section(
      {
        title: 'Exceptions',
        lines: doc.problems.map((p) => `${p.class} ${p.sourceKey}: ${p.message}`),
        limit: PROBLEM_ROWS,
        noun: 'exceptions',
      },
      '  ! ',
    ),
  ].join('\n');
}
