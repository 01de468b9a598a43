/**
 * What the graph is made of, named once: the kinds of node and of relationship (claim) the importer
 * writes and every reader, traversal and export may meet. Each has a cypher/ script of its own
 * (1xx-node-*, 2xx-claim-*), and the API has a type for each kind of node (schema/refs.ts).
 */

export const NODE_LABELS = [
  'Person',
  'Organization',
  'Project',
  'Body',
  'Category',
  'MaturityLevel',
] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** The kinds of claim; the loader writes them in this order. */
export const CLAIM_TYPES = [
  'MAINTAINS',
  'CONTRIBUTES_TO',
  'AFFILIATED_WITH',
  'SERVES_ON',
  'LEADS',
  'LIAISON_FOR',
  'MEMBER_OF',
  'HAS_MATURITY',
  'IN_CATEGORY',
  'SUBCATEGORY_OF',
  'PART_OF',
  'ORIGINATED_AT',
] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

/** A day, YYYY-MM-DD. */
export type IsoDate = string;

/** The kinds of CNCF body a file lists beside the TOC and the board. */
export type BodyKind = 'TAG' | 'TCG' | 'Subproject' | 'WG';
