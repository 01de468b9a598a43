import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/**
 * CPU time (user + system, ms) another process has used so far, from /proc/<pid>/stat: the local
 * Neo4j's JVM, so a benchmark can say how much of a request's cost is the database's. Null where
 * there is no such file (not Linux, or a Neo4j in a container or elsewhere).
 */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    // The fields after the command name, which is in parentheses and may contain spaces.
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) this process has used so far, every thread included. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
