import type { ToolSpec } from '../../governance/tool-definition.ts';

/** A change set as list_change_sets and get_change_set return it (tools/shared/schemas.ts changeSetOut). */
export interface ChangeSetView {
  readonly change_set_id: number;
  readonly pipeline: string;
  readonly company: string;
  readonly status: string;
  readonly digest: string;
  readonly requested_by: string;
  readonly decided_by: string | null;
  readonly decided_at: string | null;
  readonly decision_note: string | null;
  readonly expires_at: string | null;
  readonly created_at: string;
  readonly summary: Record<string, unknown>;
  readonly policy: string | null;
  readonly policy_mode: string | null;
  readonly requesters: readonly string[];
  readonly approvals_required: number;
  readonly approvals: readonly { readonly by: string; readonly at: string }[];
}

/** The tool that plans a pipeline's change sets (its name is what the requester called). */
export function toolOfPipeline(tools: readonly ToolSpec[], pipeline: string): string {
  return tools.find((t) => t.changeSet?.pipeline === pipeline)?.name ?? pipeline;
}

/** `3 min`, `2 h 5 min`, `4 d`. */
export function ageText(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d`;
}
