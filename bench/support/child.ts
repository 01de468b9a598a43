/**
 * Load generators run in a child process (the benchmark's own file, started again with a flag), so
 * that they do not share an event loop, or the RSS measured, with the service under test. One job
 * goes to the child, one outcome comes back.
 */
import { type ChildProcess, fork } from 'node:child_process';

const CLIENT_FLAG = '--load-client';

/** True in the child: the process was started by `inChild`. */
export const isLoadClient = () => process.argv.includes(CLIENT_FLAG);

/**
 * Runs `job` in a child started from `file` (a benchmark's `fileURLToPath(import.meta.url)`); the
 * child is killed by its PID if it has not reported `graceSeconds` after the job's own duration.
 */
export function inChild<Job extends { seconds: number }, Outcome>(
  file: string,
  job: Job,
  graceSeconds = 60,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(file, [CLIENT_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let outcome: Outcome | undefined;
    const deadline = setTimeout(() => child.kill('SIGKILL'), (job.seconds + graceSeconds) * 1000);
    child.once('message', (message) => {
      outcome = message as Outcome;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      if (outcome) resolve(outcome);
      else
        reject(
          new Error(`the load client (pid ${child.pid}) exited with ${signal ?? code} before reporting`),
        );
    });
    child.send(job);
  });
}

/**
 * The child's side: takes one job from the parent, sends back `run`'s outcome, then exits. Exits
 * too when the parent goes, so no load generator outlives its benchmark.
 */
export function serveOneJob<Job, Outcome>(run: (job: Job) => Promise<Outcome>): void {
  process.once('disconnect', () => process.exit(1));
  process.once('message', (job) => {
    run(job as Job).then(
      (outcome) => process.send?.(outcome, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
