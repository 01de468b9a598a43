import type { Change, ChangeKind, ChangesData, Kind, Named } from './api.ts';
import { h } from './dom.ts';

/**
 * The side panel's "Changes" section: what the governance files' histories say began or ended for
 * the entity shown, newest first, each row with its day, what happened in words, the other entity
 * (a button that opens it) and the commit that did it, linked on GitHub.
 */

/** A sentence about a change: words, and the entities it names (shown as buttons). */
export type Wording = (string | Named)[];

/** What a role reads as: "chair", "tech lead", or the kind's default. */
function role(change: Change, fallback: string): string {
  const written = change.claim.role?.replaceAll('_', ' ').toLowerCase().trim();
  return written || fallback;
}

/** A TOC seat's term, when the line states one: " (2021-02-01 – 2023-02-01)". */
function term(change: Change): string {
  const { since, until } = change.claim;
  if (since && until) return ` (${since} – ${until})`;
  if (since) return ` (from ${since})`;
  return '';
}

/**
 * A line in an emeritus file (toc/EMERITUS.md, tags/emeritus_leaders.md) records a role that has
 * ended: its addition is not a new role, and is worded as a listing among former holders.
 */
function emeritus(change: Change): boolean {
  return /emeritus/i.test(change.claim.source.key);
}

/** The roles one holds in an entity: "maintainer of", "chair of", "TOC liaison to", … */
const ROLES: Partial<Record<ChangeKind, (change: Change) => { noun: string; of: string; after: string }>> = {
  MAINTAINER: () => ({ noun: 'maintainer', of: 'of', after: '' }),
  TAG_ROLE: (change) => ({ noun: role(change, 'lead'), of: 'of', after: '' }),
  LIAISON: () => ({ noun: 'TOC liaison', of: 'to', after: '' }),
  TOC_SEAT: (change) => ({
    noun: change.claim.seat ?? role(change, 'member'),
    of: 'of',
    after: term(change),
  }),
};

/**
 * A change as a sentence with both ends (`full`, the subject first, so that the subject's own view
 * is `full` without it) and as the object sees it (`ofObject`, naming the subject only).
 */
function sentences(change: Change): { full: Wording; ofObject: Wording } {
  const s = change.subject;
  const o = change.object;
  const added = change.direction === 'ADDED';
  const holds = ROLES[change.kind]?.(change);
  if (holds) {
    const { noun, of, after } = holds;
    const verb = emeritus(change)
      ? `${added ? 'listed' : 'no longer listed'} as emeritus ${noun}`
      : `${added ? 'added' : 'removed'} as ${noun}`;
    return { full: [s, ` ${verb} ${of} `, o, after], ofObject: [s, ` ${verb}${after}`] };
  }
  const not = added ? '' : ' no longer';
  if (change.kind === 'AFFILIATION')
    return {
      full: [s, `${not} listed as working for `, o],
      ofObject: [s, `${not} listed as one of its people`],
    };
  if (change.kind === 'BODY')
    return { full: [s, `${not} listed under `, o], ofObject: [s, `${not} listed as one of its parts`] };
  // A kind this page does not know yet: said plainly rather than dropped.
  const kind = String(change.kind).replaceAll('_', ' ').toLowerCase();
  const verb = added ? 'began' : 'ended';
  return { full: [s, ` ${kind} ${verb}: `, o], ofObject: [s, ` ${kind} ${verb}`] };
}

/**
 * A change in words as seen from the entity `viewing` (its key): "added as maintainer of
 * Kubernetes" for the maintainer, "Lei Zhang added as maintainer" for the project, and both ends
 * named for anyone else.
 */
export function changeWording(change: Change, viewing: string): Wording {
  const { full, ofObject } = sentences(change);
  if (change.subject.key === viewing) {
    const [, first, ...rest] = full;
    return [String(first).trimStart(), ...rest];
  }
  if (change.object.key === viewing) return ofObject;
  return full;
}

/** The wording as plain text, names written out. */
export function wordingText(wording: Wording): string {
  return wording.map((part) => (typeof part === 'string' ? part : part.name)).join('');
}

/** The other end of a change, seen from `viewing`: the entity a row links to. */
export function otherEnd(change: Change, viewing: string): Named {
  return change.subject.key === viewing ? change.object : change.subject;
}

const KIND_OF_TYPENAME: Record<string, Kind> = {
  Person: 'PERSON',
  Organization: 'ORGANIZATION',
  Project: 'PROJECT',
  Body: 'BODY',
  Category: 'CATEGORY',
};

/** The Kind of an entity from its GraphQL type name. */
export function kindOf(entity: Named): Kind | null {
  return KIND_OF_TYPENAME[entity.__typename] ?? null;
}

export interface ChangesView {
  /** The entity shown. */
  key: string;
  from: string;
  to: string;
  /** The link that opens the request behind the list in GraphiQL. */
  graphiql: string;
  open: (key: string, kind: Kind) => void;
  more: () => void;
}

function changeRow(change: Change, view: ChangesView): HTMLElement {
  const words = changeWording(change, view.key).map((part) => {
    if (typeof part === 'string') return part;
    const kind = kindOf(part);
    if (!kind) return part.name;
    const button = h('button', { type: 'button', class: 'link', 'data-key': part.key }, part.name);
    button.addEventListener('click', () => view.open(part.key, kind));
    return button;
  });
  const message = change.commit.message || change.commit.hash.slice(0, 7);
  // Only a web link becomes one: the API's text goes into the page as text, never as markup or script.
  const url = change.commit.url && /^https:\/\//.test(change.commit.url) ? change.commit.url : null;
  const commit = url
    ? h(
        'a',
        {
          class: 'commit',
          href: url,
          target: '_blank',
          rel: 'noopener noreferrer',
          title: `${change.commit.hash.slice(0, 7)} (${change.claim.source.key})`,
        },
        message,
      )
    : h('span', { class: 'commit' }, message);
  return h(
    'li',
    { class: `change ${change.direction.toLowerCase()}`, 'data-kind': change.kind },
    h('time', { datetime: change.date }, change.date),
    ' ',
    h('span', { class: 'what' }, ...words),
    h('span', { class: 'detail' }, ' — ', commit),
  );
}

/** Draws the section afresh for a first page, or adds a further page's rows to it. */
export function renderChanges(
  section: HTMLElement,
  data: ChangesData,
  view: ChangesView,
  append: boolean,
): void {
  const { changes } = data;
  const rows = changes.edges.map((edge) => changeRow(edge.node, view));
  const more = changes.pageInfo.hasNextPage
    ? h('button', { type: 'button', class: 'more', id: 'changes-more' }, 'More changes')
    : null;
  more?.addEventListener('click', () => {
    more.disabled = true;
    view.more();
  });
  const query = h(
    'a',
    { class: 'graphiql', href: view.graphiql, target: '_blank', rel: 'noopener' },
    'query',
  );
  const list = section.querySelector<HTMLElement>('ol.changes');
  if (append && list) {
    list.append(...rows);
    section.querySelector('#changes-more')?.remove();
    section.querySelector('a.graphiql')?.replaceWith(query);
    if (more) section.append(more);
    return;
  }
  section.replaceChildren(
    h('h3', {}, `Changes ${view.from} – ${view.to} (${changes.totalCount}) `, query),
    rows.length === 0
      ? h('p', { class: 'empty' }, 'None recorded in these days.')
      : h('ol', { class: 'changes' }, ...rows),
    ...(more ? [more] : []),
  );
}

/** The section while its first page loads. */
export function changesPlaceholder(from: string, to: string): HTMLElement {
  return h(
    'section',
    { class: 'relation', id: 'changes', 'aria-busy': 'true' },
    h('h3', {}, `Changes ${from} – ${to}`),
    h('p', {}, 'Loading…'),
  );
}
