import type { GlSourceLine } from '../ports/gl-ports.ts';

/** One Sage 300 journal entry as posted: the lines of one batch + entry. */
export interface SourceEntry {
  /** `company:batch:entry`, the key every Intacct entry traces back to. */
  readonly sourceKey: string;
  readonly company: string;
  readonly batch: string;
  readonly entry: string;
  readonly postingSeq: number;
  readonly date: string;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly lines: readonly GlSourceLine[];
}

/** The key of a Sage 300 entry in cross-references, outbox and exceptions. */
function glSourceKey(company: string, batch: string, entry: string): string {
  return `${company}:${batch}:${entry}`;
}

/** Groups posted lines into entries, ordered by posting sequence then batch and entry; lines keep their order. */
export function groupEntries(company: string, lines: readonly GlSourceLine[]): SourceEntry[] {
  const byKey = new Map<string, GlSourceLine[]>();
  for (const line of lines) {
    const key = glSourceKey(company, line.batch, line.entry);
    const list = byKey.get(key);
    if (list) list.push(line);
    else byKey.set(key, [line]);
  }
  const entries: SourceEntry[] = [];
  for (const [sourceKey, list] of byKey) {
    // Lines arrive in key order, so the sorts below usually find their input ordered already.
    if (!isSorted(list, byLine)) list.sort(byLine);
    const first = list[0]!;
    let postingSeq = first.postingSeq;
    for (const l of list) if (l.postingSeq < postingSeq) postingSeq = l.postingSeq;
    entries.push({
      sourceKey,
      company,
      batch: first.batch,
      entry: first.entry,
      postingSeq,
      date: first.date,
      fiscalYear: first.fiscalYear,
      fiscalPeriod: first.fiscalPeriod,
      lines: list,
    });
  }
  return isSorted(entries, byPosting) ? entries : entries.sort(byPosting);
}

const byLine = (a: GlSourceLine, b: GlSourceLine): number => a.line - b.line;
const byPosting = (a: SourceEntry, b: SourceEntry): number =>
  a.postingSeq - b.postingSeq || a.batch.localeCompare(b.batch) || a.entry.localeCompare(b.entry);

function isSorted<T>(items: readonly T[], order: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (order(items[i - 1]!, items[i]!) > 0) return false;
  return true;
}
