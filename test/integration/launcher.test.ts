import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { startLocalNeo4j } from '../../src/neo4j/launcher/local-launcher.ts';
import { ownNeo4jOptions } from '../support/own-neo4j.ts';
import { isAlive, pidsWithCommandLineContaining, waitUntilGone } from '../support/processes.ts';

// These tests start their own Neo4j JVMs with the local launcher, whatever Neo4j the rest of the
// integration run uses: the launcher is what `npm start` falls back to on a machine without Docker.
const config = loadConfig();

const launcherOptions = (homeDir: string | null) => ownNeo4jOptions(homeDir, null);

describe('the local Neo4j launcher', () => {
  it('starts Neo4j on loopback, answers Cypher, and leaves no process behind after stop', async () => {
    const connection = await startLocalNeo4j(launcherOptions(null));
    const pid = connection.pid as number;
    expect(pid).toBeTypeOf('number');
    expect(connection.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(pidsWithCommandLineContaining('ParentWatchingEntryPoint')).toContain(pid);

    const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password));
    try {
      await driver.executeQuery('CREATE (:Probe { name: $name })', { name: 'round trip' });
      const { records } = await driver.executeQuery('MATCH (p:Probe) RETURN p.name AS name');
      expect(records.map((record) => record.get('name'))).toEqual(['round trip']);
    } finally {
      await driver.close();
    }

    await connection.stop();
    expect(isAlive(pid)).toBe(false);
    expect(pidsWithCommandLineContaining('ParentWatchingEntryPoint')).not.toContain(pid);
  });

  it('refuses a wrong password on an existing store with a message that says what to do', async () => {
    const homeDir = await mkdtemp(path.join(os.tmpdir(), 'neo4j-launcher-test-'));
    try {
      const first = await startLocalNeo4j(launcherOptions(homeDir));
      await first.stop();
      await expect(
        startLocalNeo4j({ ...launcherOptions(homeDir), password: 'another-password' }),
      ).rejects.toThrow(/created with another password than NEO4J_PASSWORD/);
      expect(pidsWithCommandLineContaining(`--home-dir=${homeDir}`)).toEqual([]);
    } finally {
      await rm(homeDir, { recursive: true, force: true });
    }
  });

  it('stops Neo4j when the process that launched it is killed without any chance to clean up', async () => {
    const homeDir = await mkdtemp(path.join(os.tmpdir(), 'neo4j-orphan-test-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/support/launch-local-neo4j.ts'), homeDir],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines = readline.createInterface({ input: child.stdout });
      const firstLine = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`launcher script exited early (${code})`)));
      });
      const { pid, uri } = JSON.parse(firstLine) as { pid: number; uri: string };
      expect(isAlive(pid)).toBe(true);

      const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', config.neo4j.password));
      await driver.verifyAuthentication();
      await driver.close();

      child.kill('SIGKILL');
      // Neo4j shuts down cleanly (checkpoint, then ~10 s of Bolt's graceful network shutdown).
      expect(await waitUntilGone(pid, 60_000)).toBe(true);
      expect(pidsWithCommandLineContaining(`--home-dir=${homeDir}`)).toEqual([]);
      expect(existsSync(path.join(homeDir, 'data', 'databases', 'neo4j'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await rm(homeDir, { recursive: true, force: true });
    }
  });
});
