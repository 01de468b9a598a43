import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The test runner's workers start without --expose-gc; V8 lets the flag be set afterwards, and a
// new context then sees the `gc` function it exposes.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Collects all garbage, weak references' targets included (V8 keeps those alive until the current
 * job ends, hence the turns of the event loop around each collection).
 */
export async function collectGarbage(): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    await nextTurn();
    gc();
  }
}

/** The bytes of the heap in use once all garbage is collected. */
export async function heapInUse(): Promise<number> {
  await collectGarbage();
  return process.memoryUsage().heapUsed;
}
