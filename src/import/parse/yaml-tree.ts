import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export interface YamlTree {
  root: unknown;
  /** 1-based line where a node of the parsed document starts. */
  lineOf(node: unknown): number;
}

/**
 * Parses with source positions kept, because plain `parse()` loses the line numbers that provenance
 * needs. Throws with the parser's own message (which names line and column) when the YAML is invalid.
 * `duplicateKeys: true` accepts a key given twice in one mapping, keeping both pairs in the tree (see
 * `children`), where the YAML specification calls the document invalid.
 */
export function parseYamlTree(
  text: string,
  fileLabel: string,
  options: { duplicateKeys?: boolean } = {},
): YamlTree {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: !options.duplicateKeys,
  });
  const [firstError] = document.errors;
  if (firstError) throw new Error(`${fileLabel}: invalid YAML: ${firstError.message}`);
  return {
    root: document.contents,
    lineOf(node) {
      const range = (node as Node | null | undefined)?.range;
      // Every node the parser produced has a range; a missing one means a caller passed an absent value.
      if (!range) throw new Error(`${fileLabel}: asked for the line of a value that is not in the file`);
      return lineCounter.linePos(range[0]).line;
    },
  };
}

/** The value node under `key` in a map node; undefined when `node` is not a map or lacks the key. */
export function child(node: unknown, key: string): unknown {
  return isMap(node) ? node.get(key, true) : undefined;
}

/** Every value under `key` in a map node, in file order: more than one when the key is duplicated. */
export function children(node: unknown, key: string): unknown[] {
  if (!isMap(node)) return [];
  return node.items.filter((pair) => scalarText(pair.key) === key).map((pair) => pair.value);
}

export function items(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

/** A scalar's text, trimmed; null when absent, empty, null-valued or not a scalar. */
export function scalarText(node: unknown): string | null {
  if (!isScalar(node) || node.value == null) return null;
  const value = String(node.value).trim();
  return value === '' ? null : value;
}

export function isTrue(node: unknown): boolean {
  return isScalar(node) && (node.value === true || node.value === 'true');
}

export { isMap, isScalar, isSeq };
