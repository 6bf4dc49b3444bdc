import type { ScheduleConfig } from '../platform/config.ts';
import type { App } from './app.ts';

/** Running schedules; `stop` waits for a run in progress to finish its current chunk. */
export interface Schedules {
  /** Runs one schedule now (tests and `serve` at start-up use it); resolves with the call's outcome code. */
  runNow(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Calls configured tools on an interval as their service principal, through the same governor as any client: a
 * `required` policy parks the change set for approvers exactly as for an agent. A run never overlaps its previous one.
 */
export function startSchedules(app: App, schedules: readonly ScheduleConfig[]): Schedules {
  const log = app.log.child({ module: 'schedules' });
  const running = new Map<string, Promise<string>>();
  const controller = new AbortController();
  const timers: NodeJS.Timeout[] = [];

  const run = (s: ScheduleConfig): Promise<string> => {
    const inFlight = running.get(s.name);
    if (inFlight) return inFlight;
    const principal = app.principals.byName(s.principal);
    if (!principal) return Promise.resolve('error:unknown_principal');
    const task = app.governor
      .call(principal, s.tool, s.arguments, { via: `schedule:${s.name}`, signal: controller.signal })
      .then((outcome) => {
        const status = outcome.ok ? outcome.output.status : undefined;
        const code = outcome.ok ? (typeof status === 'string' ? status : 'ok') : `error:${outcome.error.code}`;
        if (outcome.ok) log.info({ schedule: s.name, tool: s.tool, status: code }, 'scheduled run finished');
        else log.warn({ schedule: s.name, tool: s.tool, code: outcome.error.code, message: outcome.error.message }, 'scheduled run failed');
        return code;
      })
      .finally(() => running.delete(s.name));
    running.set(s.name, task);
    return task;
  };

  for (const s of schedules) {
    const timer = setInterval(() => void run(s), Math.round(s.everyMinutes * 60_000));
    timer.unref();
    timers.push(timer);
  }
  return {
    runNow(name) {
      const s = schedules.find((x) => x.name === name);
      if (!s) return Promise.reject(new Error(`no schedule named ${name}`));
      return run(s);
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      controller.abort();
      await Promise.allSettled([...running.values()]);
    },
  };
}
