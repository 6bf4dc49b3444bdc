import type { MappingReport, ReportEntry } from './report.ts';

function entryText(entry: ReportEntry): string {
  return `  [${entry.code}] ${entry.message}\n      fix: ${entry.fix}`;
}

/** Renders a validation report for people: a verdict line, then errors and warnings each with its fix. */
export function formatReport(report: MappingReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verdict = report.ok ? 'Mappings OK' : 'Mappings have problems';
  const lines = [`${verdict} as of ${report.asOf}: ${plural(report.errors.length, 'error')}, ${plural(report.warnings.length, 'warning')}`];
  // Sections are joined, never spread into push(): a large report has more entries than a call has room for arguments.
  const section = (title: string, entries: readonly ReportEntry[]) =>
    entries.length > 0 ? `\n\n${title}:\n${entries.map(entryText).join('\n')}` : '';
  return `${lines.join('\n')}${section('Errors', report.errors)}${section('Warnings', report.warnings)}\n`;
}
