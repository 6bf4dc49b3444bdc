import { cpus, totalmem, platform, release } from 'node:os';

/** The machine a benchmark ran on, printed with every result so figures are never read without context. */
export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}
