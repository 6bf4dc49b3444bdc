/**
 * The change-set pipeline engine: plan → approve → execute → settle → complete, written once. A pipeline is a
 * `PipelineDefinition`; everything here works for any of them.
 */
export { executeChangeSet } from './execute-change-set.ts';
export { completeChangeSetRun, settleChangeSetRun } from './finish-run.ts';
export { type ChangeSetExecution } from './open-for-execution.ts';
export type * from './pipeline-definition.ts';
export { planChangeSet } from './plan-tail.ts';
export { runChangeSet } from './run-change-set.ts';
