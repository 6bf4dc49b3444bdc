import type { GlPreview } from '../../src/core/gl/gl-pipeline.ts';
import type { NamedTotal } from '../../src/governance/preview-document.ts';

/** A GL preview's totals with names: per Intacct account (its title), department, location, and per currency. */
export function glNamedTotals(p: GlPreview): NamedTotal[] {
  return [
    ...p.totalsByAccount.map((a) => ({
      by: 'account' as const,
      id: a.account,
      name: a.title ?? '',
      currency: a.currency,
      debit: a.debit,
      credit: a.credit,
    })),
    ...p.totalsByDimension.map((d) => ({
      by: d.dimension,
      id: d.id,
      name: d.name,
      currency: d.currency,
      debit: d.debit,
      credit: d.credit,
    })),
    ...Object.entries(p.totalsByCurrency).map(([currency, debit]) => ({
      by: 'currency' as const,
      id: currency,
      name: currency,
      currency,
      debit,
      credit: debit,
    })),
  ];
}

/** One line per department and location total, for the preview text. */
export function dimensionNotes(totals: GlPreview['totalsByDimension']): string[] {
  const line = (dimension: 'department' | 'location', title: string): string[] => {
    const rows = totals.filter((t) => t.dimension === dimension);
    return rows.length === 0
      ? []
      : [`${title}: ${rows.map((t) => `${t.id}${t.name ? ` ${t.name}` : ''} ${t.currency} Dr ${t.debit} / Cr ${t.credit}`).join('; ')}`];
  };
  return [...line('department', 'By department'), ...line('location', 'By location')];
}
