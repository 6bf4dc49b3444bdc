import type { GlSelection, GlSourceLine, GlSourcePort } from '../../core/ports/gl-ports.ts';
import type { RowResult } from './normalise.ts';
import type { Sage300Reader } from './reader.ts';
import type { FiscalYear } from './reader-gl.ts';
import type { GlPosting } from './types.ts';

function toLine(p: GlPosting & { journalDate: string }): GlSourceLine {
  return {
    batch: p.batchNumber,
    entry: p.entryNumber,
    line: p.transactionNumber,
    postingSeq: p.postingSequence,
    account: p.accountFormatted,
    accountId: p.accountId,
    date: p.journalDate,
    fiscalYear: p.fiscalYear,
    fiscalPeriod: p.fiscalPeriod,
    amount: p.amount.toFixed(3),
    currency: p.sourceCurrency || 'USD',
    description: p.description,
    reference: p.reference,
    sourceLedger: p.sourceLedger,
    sourceType: p.sourceType,
  };
}

async function collect(rows: AsyncIterable<RowResult<GlPosting>>, keep: (p: GlPosting) => boolean = () => true) {
  const lines: GlSourceLine[] = [];
  const rowErrors: { key: string; message: string }[] = [];
  for await (const r of rows) {
    if (r.ok) {
      const p = r.value;
      if (p.journalDate === null) rowErrors.push({ key: `GLPOST:${p.postingSequence}/${p.batchNumber}/${p.entryNumber}/${p.transactionNumber}`, message: 'JRNLDATE is 0 (no journal date)' });
      else if (keep(p)) lines.push(toLine({ ...p, journalDate: p.journalDate }));
    } else rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
  }
  return { lines, rowErrors };
}

/** The GL pipeline's view of Sage 300: posted GLPOST lines by period, date range or posting sequence. */
export function createGlSource(reader: Sage300Reader): GlSourcePort {
  let years: Map<string, FiscalYear> | undefined;
  return {
    async readLines(selection: GlSelection, cursor) {
      if (selection.kind === 'period') return collect(reader.gl.postingsByPeriod(String(selection.year), selection.period));
      if (selection.kind === 'range') {
        const result = { lines: [] as GlSourceLine[], rowErrors: [] as { key: string; message: string }[] };
        // Fiscal years here are calendar years (checked by fiscalPeriodOpen); a range reads the years it spans.
        for (let y = Number(selection.from.slice(0, 4)); y <= Number(selection.to.slice(0, 4)); y++) {
          const part = await collect(reader.gl.postingsByPeriod(String(y)), (p) => p.journalDate !== null && p.journalDate >= selection.from && p.journalDate <= selection.to);
          result.lines.push(...part.lines);
          result.rowErrors.push(...part.rowErrors);
        }
        return result;
      }
      const seq = cursor && typeof cursor === 'object' && !Array.isArray(cursor) ? (cursor as { postingSeq?: unknown }).postingSeq : undefined;
      return collect(reader.gl.postingsAfter(typeof seq === 'number' ? { v: 1, postingSeq: seq } : null));
    },
    async fiscalPeriodOpen(year) {
      if (!years) {
        years = new Map();
        for await (const r of reader.gl.fiscalYears()) if (r.ok) years.set(r.value.year, r.value);
      }
      const found = years.get(year);
      return found !== undefined && found.active && !found.closed;
    },
  };
}
