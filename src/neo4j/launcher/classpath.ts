import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from '../../logger.ts';

const POM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pom.xml');

/**
 * Returns the Neo4j Community class path for `version`, resolving it with Maven on first use.
 *
 * Maven keeps the jars in its own local repository (~/.m2 unless the user's settings say
 * otherwise, so mirrors and proxies of a corporate setup apply); we only cache the resulting
 * class path string, and re-resolve when any jar it names has gone (a cleaned ~/.m2).
 */
export async function resolveNeo4jClasspath(options: {
  version: string;
  cacheDir: string;
  log: Log;
}): Promise<string> {
  const { version, cacheDir, log } = options;
  const cacheFile = path.join(cacheDir, `neo4j-${version}`, 'classpath.txt');
  const cached = await readCachedClasspath(cacheFile);
  if (cached) return cached;

  log.info(
    `Resolving Neo4j Community ${version} from Maven Central (first use; the jars are reused afterwards)`,
  );
  await mkdir(path.dirname(cacheFile), { recursive: true });
  const partial = `${cacheFile}.${process.pid}.partial`;
  await runMaven(
    [
      '-B',
      '-f',
      POM,
      `-Dneo4j.version=${version}`,
      'dependency:build-classpath',
      `-Dmdep.outputFile=${partial}`,
    ],
    log,
  );
  const classpath = (await readFile(partial, 'utf8')).trim();
  if (!classpath.includes(`neo4j-${version}.jar`)) {
    throw new Error(`Maven resolved a class path without neo4j-${version}.jar; see the Maven output above`);
  }
  // Written under a temporary name and renamed, so a run interrupted half-way never leaves a
  // class path that looks complete.
  await rename(partial, cacheFile);
  return classpath;
}

async function readCachedClasspath(cacheFile: string): Promise<string | null> {
  if (!existsSync(cacheFile)) return null;
  const classpath = (await readFile(cacheFile, 'utf8')).trim();
  const jars = classpath.split(path.delimiter);
  return jars.length > 0 && jars.every((jar) => existsSync(jar)) ? classpath : null;
}

function runMaven(args: string[], log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      reject(error);
      return;
    }
    const tail: string[] = [];
    let downloads = 0;
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      // Progress: one line per downloaded jar, which is what takes the time on a cold machine.
      if (line.includes('Downloaded from') && line.includes('.jar')) {
        downloads += 1;
        log.info(`maven: ${line.replace(/^\[INFO\]\s*/, '')} [${downloads}]`);
      }
    };
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error('Maven (mvn) is not installed: the local Neo4j launcher needs it to fetch Neo4j once')
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`Maven failed (exit ${code}) resolving Neo4j:\n${tail.join('\n')}`));
    });
  });
}
