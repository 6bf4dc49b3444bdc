import type { GlSelection, GlSourceLine, GlSourcePort } from '../../core/ports/gl-ports.ts';
import { glLineOf, type GlLineResult } from './gl-line.ts';
import type { Sage300Reader } from './reader.ts';
import type { FiscalYear } from './reader-gl.ts';

async function collect(rows: AsyncIterable<GlLineResult>, keep: (line: GlSourceLine) => boolean = () => true) {
  const lines: GlSourceLine[] = [];
  const rowErrors: { key: string; message: string }[] = [];
  for await (const r of rows) {
    if (r.ok) {
      if (keep(r.line)) lines.push(r.line);
    } else rowErrors.push({ key: r.key, message: r.message });
  }
  return { lines, rowErrors };
}

/** The GL pipeline's view of Sage 300: posted GLPOST lines by period, date range or posting sequence. */
export function createGlSource(reader: Sage300Reader): GlSourcePort {
  let years: Map<string, FiscalYear> | undefined;
  return {
    async readLines(selection: GlSelection, cursor) {
      if (selection.kind === 'period') return collect(reader.gl.postingRowsByPeriod(String(selection.year), selection.period, glLineOf));
      if (selection.kind === 'range') {
        const result = { lines: [] as GlSourceLine[], rowErrors: [] as { key: string; message: string }[] };
        // Fiscal years here are calendar years (checked by fiscalPeriodOpen); a range reads the years it spans.
        for (let y = Number(selection.from.slice(0, 4)); y <= Number(selection.to.slice(0, 4)); y++) {
          const part = await collect(
            reader.gl.postingRowsByPeriod(String(y), undefined, glLineOf),
            (line) => line.date >= selection.from && line.date <= selection.to,
          );
          result.lines.push(...part.lines);
          result.rowErrors.push(...part.rowErrors);
        }
        return result;
      }
      const seq =
        cursor && typeof cursor === 'object' && !Array.isArray(cursor) ? (cursor as { postingSeq?: unknown }).postingSeq : undefined;
      // The cursor's own sequence is read again (late batches land under it); entries already in Intacct are skipped by the plan.
      return collect(reader.gl.postingRowsSince(typeof seq === 'number' ? seq : 0, glLineOf));
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
