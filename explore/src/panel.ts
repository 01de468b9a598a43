import { type Claim, type EntityFacts, type Kind, RELATIONS, type Relation } from './api.ts';
import { h } from './dom.ts';
import { describeTime } from './elements.ts';

/**
 * The side panel: an entity's facts, each relation with the claims behind it and a link to every
 * claim's source file at its commit and line.
 */

export interface PanelActions {
  open: (key: string, kind: Kind) => void;
  expand: () => void;
}

/** "toc/EMERITUS.md@4acc1dc line 27" linking to the file at that commit, or plain text. */
export function claimSource(claim: Pick<Claim, 'url' | 'line' | 'source'>): HTMLElement {
  const label = `${claim.source.key}${claim.line ? ` line ${claim.line}` : ''}`;
  if (!claim.url) return h('span', { class: 'source', title: 'Not public: written down by hand' }, label);
  return h('a', { class: 'source', href: claim.url, target: '_blank', rel: 'noopener noreferrer' }, label);
}

function claimItem(claim: Claim): HTMLElement {
  const what = [claim.type.replaceAll('_', ' ').toLowerCase(), claim.role, claim.seat]
    .filter(Boolean)
    .join(', ');
  return h('li', { class: 'claim' }, `${what}; ${describeTime(claim)} — `, claimSource(claim));
}

function relationSection(
  heading: string,
  kind: Kind,
  relation: Relation,
  actions: PanelActions,
): HTMLElement | null {
  if (relation.totalCount === 0) return null;
  const more = relation.totalCount - relation.edges.length;
  return h(
    'section',
    { class: 'relation' },
    h('h3', {}, `${heading} (${relation.totalCount})`),
    h(
      'ul',
      {},
      ...relation.edges.map((edge) => {
        const open = h(
          'button',
          { type: 'button', class: 'link', 'data-key': edge.node.key },
          edge.node.name,
        );
        open.addEventListener('click', () => actions.open(edge.node.key, kind));
        const roles = edge.roles.length > 0 ? ` — ${edge.roles.join(', ')}` : '';
        return h(
          'li',
          { class: 'fact' },
          open,
          h('span', { class: 'detail' }, `${roles} (${describeTime(edge)})`),
          h('ul', { class: 'claims' }, ...edge.claims.map(claimItem)),
        );
      }),
    ),
    more > 0 ? h('p', { class: 'more' }, `… and ${more} more`) : null,
  );
}

export function renderFacts(
  panel: HTMLElement,
  kind: Kind,
  facts: EntityFacts,
  asOf: string | null,
  actions: PanelActions,
): void {
  const expand = h('button', { type: 'button', id: 'expand' }, 'Expand on the canvas');
  expand.addEventListener('click', () => actions.expand());
  const lines: (HTMLElement | null)[] = [
    facts.handle
      ? h(
          'p',
          {},
          'GitHub: ',
          h(
            'a',
            { href: facts.githubUrl ?? undefined, target: '_blank', rel: 'noopener noreferrer' },
            `@${facts.handle}`,
          ),
        )
      : null,
    facts.fullName ? h('p', {}, facts.fullName) : null,
    facts.maturity ? h('p', {}, `CNCF maturity: ${facts.maturity}`) : null,
    facts.description ? h('p', { class: 'description' }, facts.description) : null,
    facts.aliases && facts.aliases.length > 0
      ? h('p', {}, `Also written: ${facts.aliases.join(', ')}`)
      : null,
  ];
  const sections = RELATIONS[kind]
    .map((relation) =>
      relationSection(relation.heading, relation.kind, facts[relation.field] as Relation, actions),
    )
    .filter((section): section is HTMLElement => section !== null);
  panel.replaceChildren(
    h('h2', { 'data-key': facts.key }, facts.name),
    h('p', { class: 'key' }, `${facts.key} · ${asOf ? `as of ${asOf}` : 'any time'}`),
    ...lines.filter((line): line is HTMLElement => line !== null),
    expand,
    ...(sections.length > 0
      ? sections
      : [h('p', {}, asOf ? `Nothing recorded on ${asOf}.` : 'Nothing recorded.')]),
  );
}
