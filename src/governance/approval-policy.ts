import { Decimal } from 'decimal.js';
import { APPROVAL_MODES, type ApprovalRule, type Config } from '../platform/config.ts';
import type { Principal, Role } from './principals.ts';

/** How a write of one principal through one tool gets approved. */
type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** The policy that applies to one call, with the reason an approver or auditor reads. */
export interface ResolvedPolicy {
  readonly mode: ApprovalMode;
  readonly maxAmount?: string;
  /** e.g. `approvals.tools.post_journal_entries.agent` or `default for role analyst`. */
  readonly source: string;
}

const strictness = (mode: ApprovalMode): number => APPROVAL_MODES.indexOf(mode);

function normalise(rule: ApprovalRule): { mode: ApprovalMode; maxAmount?: string } {
  return typeof rule === 'string'
    ? { mode: rule }
    : { mode: rule.mode, ...(rule.maxAmount === undefined ? {} : { maxAmount: rule.maxAmount }) };
}

/**
 * The approval policy for a principal calling a write tool: per tool and role from config, else the role default,
 * else `required`. A principal holding several roles (among those allowed to call the tool) gets the strictest.
 */
export function resolvePolicy(config: Config['approvals'], tool: string, principal: Principal, toolRoles: readonly Role[]): ResolvedPolicy {
  const roles = principal.roles.filter((r) => toolRoles.includes(r));
  let best: ResolvedPolicy | undefined;
  for (const role of roles.length > 0 ? roles : principal.roles) {
    const perTool = config.tools[tool]?.[role];
    const perRole = config.defaults[role];
    const rule = perTool ?? perRole;
    const candidate: ResolvedPolicy = rule
      ? { ...normalise(rule), source: perTool ? `approvals.tools.${tool}.${role}` : `approvals.defaults.${role}` }
      : { mode: 'required', source: `no rule for role ${role}: required` };
    if (!best || strictness(candidate.mode) < strictness(best.mode)) best = candidate;
  }
  return best ?? { mode: 'required', source: 'principal has no roles: required' };
}

/** Whether an `auto` policy's threshold lets these totals (by currency) through; no threshold means any amount. */
export function withinThreshold(policy: ResolvedPolicy, totalsByCurrency: Readonly<Record<string, string>>): boolean {
  if (policy.maxAmount === undefined) return true;
  const max = new Decimal(policy.maxAmount);
  return Object.values(totalsByCurrency).every((t) => new Decimal(t).abs().lte(max));
}

/** Orders two policies: the one that lets less through without an approver comes first. */
function stricter(a: ResolvedPolicy, b: ResolvedPolicy): ResolvedPolicy {
  if (strictness(a.mode) !== strictness(b.mode)) return strictness(a.mode) < strictness(b.mode) ? a : b;
  if (a.mode !== 'auto') return a;
  // Two `auto` policies: a threshold is stricter than none, and the lower threshold is the stricter one.
  if (b.maxAmount === undefined) return a;
  if (a.maxAmount === undefined) return b;
  return new Decimal(a.maxAmount).lte(new Decimal(b.maxAmount)) ? a : b;
}

/**
 * The policy of a change set another principal asked for again: the strictest of the one bound to it and the
 * caller's own, so a repeat from a looser seat never runs what the first requester's policy held back.
 */
export function strictestPolicy(bound: ResolvedPolicy | undefined, caller: ResolvedPolicy): ResolvedPolicy {
  return bound === undefined ? caller : stricter(bound, caller);
}

/** A policy as the state store keeps it on the change set. */
export function policyToJson(p: ResolvedPolicy): { mode: string; source: string; maxAmount?: string } {
  return { mode: p.mode, source: p.source, ...(p.maxAmount === undefined ? {} : { maxAmount: p.maxAmount }) };
}

/** Reads a stored policy back; anything unreadable counts as `required` (fail closed). */
export function policyFromJson(value: unknown): ResolvedPolicy | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value as { mode?: unknown; source?: unknown; maxAmount?: unknown };
  const mode = APPROVAL_MODES.find((m) => m === v.mode);
  if (!mode || typeof v.source !== 'string') return { mode: 'required', source: 'unreadable stored policy: required' };
  return { mode, source: v.source, ...(typeof v.maxAmount === 'string' ? { maxAmount: v.maxAmount } : {}) };
}

/** How a policy reads in a change set listing and the audit log, e.g. `confirm (approvals.defaults.analyst)`. */
export function policyLabel(p: ResolvedPolicy): string {
  return `${p.mode}${p.maxAmount === undefined ? '' : ` up to ${p.maxAmount}`} (${p.source})`;
}
