/**
 * Joins many small strings into chunks of about `size` characters. The writers produce one string
 * per element; a consumer (an HTTP body, a file) is better served by fewer, larger writes, and the
 * whole document never has to exist as one string.
 */
export function* inChunks(parts: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const part of parts) {
    buffer.push(part);
    length += part.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (length > 0) yield buffer.join('');
}
