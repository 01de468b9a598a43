import { setImmediate as nextTurn } from 'node:timers/promises';
import { RANKED_KINDS, type RankedKind } from './metrics.ts';
import type { ProjectionColumns } from './projection.ts';

/**
 * The projection as it crosses to the ranking worker: its strings as UTF-8 bytes, separated by NUL
 * (no id holds one), and its kinds as indexes into RANKED_KINDS, all in buffers that are moved to
 * the worker rather than copied. Posting the columns themselves at a hundred times the CNCF graph
 * (600,000 ids and 770,000 joined ids) cost 0.4 s of structured cloning on the event loop in one
 * go; packed in slices, with the event loop free between slices, nothing holds it for long.
 */
export interface PackedProjection {
  ids: Uint8Array;
  kinds: Uint8Array;
  joinedCounts: Int32Array;
  joined: Uint8Array;
}

const SEPARATOR = '\u0000';
// Strings per slice: a few milliseconds of joining and encoding each.
const SLICE = 20_000;

/** Packs the columns, a slice at a time, yielding the event loop between slices. */
export async function packProjection(
  projection: ProjectionColumns,
): Promise<{ packed: PackedProjection; transfer: ArrayBuffer[] }> {
  const packed: PackedProjection = {
    ids: await packStrings(projection.ids),
    kinds: Uint8Array.from(projection.kinds, (kind) => RANKED_KINDS.indexOf(kind)),
    joinedCounts: Int32Array.from(projection.joinedCounts),
    joined: await packStrings(projection.joined),
  };
  return {
    packed,
    transfer: [packed.ids, packed.kinds, packed.joinedCounts, packed.joined].map(
      (array) => array.buffer as ArrayBuffer,
    ),
  };
}

/** The columns again, on the worker. */
export function unpackProjection(packed: PackedProjection): ProjectionColumns {
  const kinds = Array.from(packed.kinds, (index) => RANKED_KINDS[index] as RankedKind);
  const ids = unpackStrings(packed.ids, kinds.length);
  let joinedTotal = 0;
  for (const count of packed.joinedCounts) joinedTotal += count;
  const joined = unpackStrings(packed.joined, joinedTotal);
  if (packed.joinedCounts.length !== ids.length)
    throw new RangeError(`${packed.joinedCounts.length} joined counts for ${ids.length} nodes`);
  return { ids, kinds, joinedCounts: packed.joinedCounts, joined };
}

async function packStrings(strings: readonly string[]): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (let start = 0; start < strings.length; start += SLICE) {
    const slice = strings.slice(start, start + SLICE);
    if (slice.some((text) => text.includes(SEPARATOR)))
      throw new RangeError('an id of the projection holds a NUL character');
    const part = encoder.encode(slice.join(SEPARATOR) + (start + SLICE < strings.length ? SEPARATOR : ''));
    parts.push(part);
    length += part.length;
    await nextTurn();
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

function unpackStrings(bytes: Uint8Array, count: number): string[] {
  if (count === 0) return [];
  const strings = new TextDecoder().decode(bytes).split(SEPARATOR);
  if (strings.length !== count)
    throw new RangeError(`${strings.length} strings packed where ${count} were counted`);
  return strings;
}
