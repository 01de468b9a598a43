import type { ClaimType, NodeLabel } from '../vocabulary/kinds.ts';
import type { Rejection } from './rows.ts';

export type { ClaimType, NodeLabel };

/**
 * The graph as the importer builds it before writing: nodes and claims, each from one source.
 *
 * A claim is one relationship as one source states it, so two sources that disagree (the TOC file's
 * 2021-02-01 and the article's 2021-02-02) give two relationships, each with its own `source` and
 * `line`, and nothing picks a winner. Loading a source again writes the claims it states anew and
 * retracts those it no longer states (diff.ts); no other source's claims are touched.
 */

/** Property values Neo4j stores directly. */
export type PropertyValue = string | number | boolean | null | string[];
export type Properties = Record<string, PropertyValue>;

export interface NodeFact {
  label: NodeLabel;
  /** Stable key, unique per label (see ids.ts). */
  id: string;
  name: string;
  /** Other spellings seen for this node (names, aliases); searchable. */
  aliases: string[];
  /** Attributes this source gives the node (homepage, maturity, handle, …). */
  props: Properties;
}

export interface ClaimFact {
  type: ClaimType;
  from: { label: NodeLabel; id: string };
  to: { label: NodeLabel; id: string };
  /** 1-based line in the source file; null where the fact has no single line. */
  line: number | null;
  /** Unique within the source: what MERGE matches on, so writing a source twice changes nothing. */
  key: string;
  props: Properties;
}

export interface SourceFacts {
  sourceId: string;
  nodes: NodeFact[];
  claims: ClaimFact[];
  rejected: Rejection[];
}
