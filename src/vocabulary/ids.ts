import { bodyKey, organizationKey, personNameKey } from './normalize.ts';

/**
 * Node keys. They are readable on purpose (they show in provenance and in GraphQL global ids) and
 * derived only from normalised names or handles, so every source computes the same key for the
 * same thing.
 */

/** A person known by GitHub handle: the strongest identity any source gives. */
export function personIdFromHandle(handle: string): string {
  return `person:gh:${handle.toLowerCase()}`;
}

/** A person no source links to a handle: keyed by folded name, never merged with a handle-keyed one. */
export function personIdFromName(name: string): string {
  return `person:name:${slug(personNameKey(name))}`;
}

export function organizationId(name: string): string | null {
  const key = organizationKey(name);
  return key === null ? null : `org:${key}`;
}

const ANONYMOUS_PLACEHOLDER = /^non-public organization\s+/i;

/**
 * A member the landscape lists without its name, under a placeholder ("Non-Public Organization
 * Bear"): keyed by the placeholder's own word (org:anonymous:bear), which stays as long as the file
 * keeps it. The colon cannot occur in an organizationId key (letters and digits only), so no real
 * organization can take the id.
 */
export function anonymousOrganizationId(placeholder: string): string {
  return `org:anonymous:${slug(placeholder.replace(ANONYMOUS_PLACEHOLDER, '')) || 'unnamed'}`;
}

// Names the same group has had in different files and eras. The article's "App Delivery SIG" is the
// body that the TOC later renamed TAG App Delivery (SIGs became TAGs in 2020).
const BODY_ALIASES: Record<string, string> = {
  'sig app delivery': 'tag app delivery',
  'app delivery sig': 'tag app delivery',
  'app delivery': 'tag app delivery',
  'technical oversight committee': 'toc',
  'cncf toc': 'toc',
  'governing board': 'governing board',
};

export function bodyId(name: string): string {
  const key = bodyKey(name);
  return `body:${slug(BODY_ALIASES[key] ?? key)}`;
}

export const TOC_ID = 'body:toc';
export const CNCF_ID = 'body:cncf';
export const GOVERNING_BOARD_ID = 'body:governing-board';
export const AMBASSADORS_ID = 'body:ambassadors';

/** Folded project name: case, accents, punctuation and spacing ignored. */
export function projectKey(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      // "C++" and "C" are different languages; without this both fold to "c".
      .replace(/\+/g, ' plus ')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

export function projectId(name: string): string {
  return `project:${slug(projectKey(name))}`;
}

export function categoryId(category: string, subcategory?: string): string {
  return subcategory === undefined
    ? `category:${slug(projectKey(category))}`
    : `category:${slug(projectKey(category))}/${slug(projectKey(subcategory))}`;
}

export function maturityLevelId(level: string): string {
  return `maturity:${level}`;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
