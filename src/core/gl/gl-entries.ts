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
export function glSourceKey(company: string, batch: string, entry: string): string {
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
    list.sort((a, b) => a.line - b.line);
    const first = list[0]!;
    entries.push({
      sourceKey,
      company,
      batch: first.batch,
      entry: first.entry,
      postingSeq: Math.min(...list.map((l) => l.postingSeq)),
      date: first.date,
      fiscalYear: first.fiscalYear,
      fiscalPeriod: first.fiscalPeriod,
      lines: list,
    });
  }
  return entries.sort((a, b) => a.postingSeq - b.postingSeq || a.batch.localeCompare(b.batch) || a.entry.localeCompare(b.entry));
}
