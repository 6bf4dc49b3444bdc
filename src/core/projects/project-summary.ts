import { formatAmount, Money } from '../../domain/money.ts';
import type { ChangeSet } from '../state/index.ts';
import type { ProjectPreview, ProjectTotal } from './project-types.ts';

/** Running totals per project (tagged cost, tagged revenue, invoiced) and gross volume per currency. */
export class ProjectTotals {
  private readonly byProject = new Map<string, { cost: Money; revenue: Money; invoiced: Money }>();
  private readonly volume = new Map<string, Money>();
  private readonly names = new Map<string, string>();
  private readonly currencies = new Map<string, string>();

  /** The project's name (Intacct NAME as planned), shown beside its totals. */
  describe(projectId: string, name: string): void {
    this.names.set(projectId, name);
  }

  private row(projectId: string): { cost: Money; revenue: Money; invoiced: Money } {
    let r = this.byProject.get(projectId);
    if (!r) {
      r = { cost: new Money(0), revenue: new Money(0), invoiced: new Money(0) };
      this.byProject.set(projectId, r);
    }
    return r;
  }

  private add(currency: string, amount: Money): void {
    this.volume.set(currency, (this.volume.get(currency) ?? new Money(0)).plus(amount.abs()));
  }

  tag(projectId: string, cost: Money, revenue: Money, currency: string): void {
    const r = this.row(projectId);
    this.currencies.set(projectId, currency);
    r.cost = r.cost.plus(cost);
    r.revenue = r.revenue.plus(revenue);
    this.add(currency, cost);
    this.add(currency, revenue);
  }

  invoice(projectId: string, amount: Money, currency: string): void {
    const r = this.row(projectId);
    this.currencies.set(projectId, currency);
    r.invoiced = r.invoiced.plus(amount);
    this.add(currency, amount);
  }

  projects(): ProjectTotal[] {
    return [...this.byProject]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([projectId, r]) => ({
        projectId,
        name: this.names.get(projectId) ?? '',
        currency: this.currencies.get(projectId) ?? '',
        cost: formatAmount(r.cost, 2),
        revenue: formatAmount(r.revenue, 2),
        invoiced: formatAmount(r.invoiced, 2),
      }));
  }

  volumes(): Record<string, string> {
    return Object.fromEntries([...this.volume].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, formatAmount(v, 2)]));
  }
}

type Counts = Omit<
  ProjectPreview,
  'changeSetId' | 'digest' | 'projectWrites' | 'toSend' | 'exceptions' | 'volumeByCurrency' | 'totalsByProject' | 'problems'
>;

/** The preview of a plan (stored as the change set's summary, so a later approval shows the same). */
export function previewOf(
  cs: { id: number; digest: string } | null,
  counts: Counts,
  toSend: number,
  totals: ProjectTotals,
  problems: ProjectPreview['problems'],
  exceptions = problems.length,
): ProjectPreview {
  return {
    changeSetId: cs?.id ?? null,
    digest: cs?.digest ?? '',
    ...counts,
    projectWrites: counts.projectsCreated + counts.projectsUpdated + counts.projectsClosed,
    toSend,
    exceptions,
    volumeByCurrency: totals.volumes(),
    totalsByProject: totals.projects(),
    problems,
  };
}

/** The preview stored on a projects change set. */
export function projectPreviewOf(cs: ChangeSet): ProjectPreview {
  const s = (cs.summary ?? {}) as unknown as ProjectPreview;
  return { ...s, changeSetId: cs.id, digest: cs.digest };
}
