import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { findFreePort } from '../../src/neo4j/launcher/local-launcher.ts';
import { cncfDataDir } from '../support/cncf-data.ts';
import { isAlive, waitUntilGone } from '../support/processes.ts';

/**
 * The README's start command, as a user runs it, on a machine where no Neo4j is configured: it must
 * get one (the local launcher), serve GraphiQL with /ready at 200, and leave no JVM behind when
 * stopped with Ctrl-C or a SIGTERM sent to npm.
 */
describe('npm start', () => {
  it.each([
    { signal: 'SIGTERM', importOnStart: 'auto' },
    { signal: 'SIGINT', importOnStart: 'never' },
  ] as const)(
    'starts a local Neo4j, imports when asked ($importOnStart), serves GraphiQL, and on $signal stops everything it started',
    async ({ signal, importOnStart }) => {
      const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'start-command-test-'));
      const port = await findFreePort();
      const boltPort = await findFreePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NEO4J_PROVIDER: 'local',
        NEO4J_URI: '',
        PORT: String(port),
        NEO4J_LOCAL_BOLT_PORT: String(boltPort),
        NEO4J_LOCAL_HEAP: '512m',
        NEO4J_LOCAL_PAGECACHE: '64m',
        CACHE_DIR: cacheDir,
        CNCF_DATA_DIR: cncfDataDir,
        IMPORT_ON_START: importOnStart,
      };
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: PROJECT_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      // Set from the start command's log line; an object so the closure's writes stay visible to TS.
      const seen: { jvmPid: number | null } = { jvmPid: null };
      try {
        const serving = new Promise<void>((resolve, reject) => {
          const onLine = (line: string) => {
            output.push(line);
            const pid = /Local Neo4j ready in [\d.]+ s \(pid (\d+)\)/.exec(line)?.[1];
            if (pid) seen.jvmPid = Number(pid);
            if (line.includes('Serving GraphiQL')) resolve();
          };
          readline.createInterface({ input: npm.stdout }).on('line', onLine);
          readline.createInterface({ input: npm.stderr }).on('line', onLine);
          npm.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output.join('\n')}`)));
        });
        await serving;
        const jvmPid = seen.jvmPid;
        if (jvmPid === null) throw new Error(`no JVM pid in the output:\n${output.join('\n')}`);

        // A fresh store is an empty graph: the start command loads every source into it.
        const imported = output.some((line) => line.includes('landscape/landscape.yml@153d699: loaded'));
        expect(imported).toBe(importOnStart === 'auto');

        const base = `http://127.0.0.1:${port}`;
        expect((await fetch(`${base}/ready`)).status).toBe(200);
        const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('GraphiQL');

        const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
        npm.kill(signal);
        expect(await exited).toBe(0);
        expect(await waitUntilGone(jvmPid, 30_000)).toBe(true);
        expect(output.join('\n')).toContain('Stopped');
      } finally {
        if (npm.exitCode === null) npm.kill('SIGKILL');
        if (seen.jvmPid !== null && isAlive(seen.jvmPid)) process.kill(seen.jvmPid, 'SIGKILL');
        await rm(cacheDir, { recursive: true, force: true });
      }
    },
  );
});
