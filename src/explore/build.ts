import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT } from '../config.ts';
import { EXPLORE_BUILD_DIR } from './serve.ts';

export interface ExploreBuild {
  built: boolean;
  ms: number;
  bytes: number;
}

function sizeOf(directory: string): number {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

export function isExploreBuilt(): boolean {
  return existsSync(path.join(EXPLORE_BUILD_DIR, 'index.html'));
}

/**
 * Builds the explorer page (explore/) with Vite into explore/dist, which the app serves at
 * /explore. With `ifMissing`, an existing build is kept as it is.
 */
export async function buildExplorePage({ ifMissing = false } = {}): Promise<ExploreBuild> {
  if (ifMissing && isExploreBuilt()) return { built: false, ms: 0, bytes: sizeOf(EXPLORE_BUILD_DIR) };
  const started = performance.now();
  await build({ configFile: path.join(PROJECT_ROOT, 'explore', 'vite.config.ts') });
  return { built: true, ms: Math.round(performance.now() - started), bytes: sizeOf(EXPLORE_BUILD_DIR) };
}
