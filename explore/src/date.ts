import type { Kind, RosterData, RosterMember } from './api.ts';
import { h } from './dom.ts';

/**
 * The date control's other half: who held the TOC seats and led the TAGs on the chosen day (or at
 * any time), each name opening that person.
 */

function memberButton(member: RosterMember, open: (key: string, kind: Kind) => void): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'link', 'data-key': member.node.key },
    member.node.name,
  );
  button.addEventListener('click', () => open(member.node.key, 'PERSON'));
  const roles = member.roles.length > 0 ? ` (${member.roles.join(', ')})` : '';
  return h('li', {}, button, roles);
}

export function renderRoster(
  section: HTMLElement,
  asOf: string | null,
  data: RosterData,
  open: (key: string, kind: Kind) => void,
): void {
  const when = asOf ? `on ${asOf}` : 'at any time';
  const toc = data.toc?.members;
  const tags = data.tags.edges
    .map((edge) => edge.node)
    .filter((tag) => tag.members.edges.some((member) => member.roles.length > 0));
  section.replaceChildren(
    h('h2', { id: 'toc-heading' }, `The TOC ${when} (${toc?.totalCount ?? 0})`),
    h('ul', { id: 'toc-members' }, ...(toc?.edges ?? []).map((member) => memberButton(member, open))),
    h('h2', {}, `TAG leads ${when}`),
    tags.length === 0
      ? h('p', {}, 'None recorded.')
      : h(
          'ul',
          { id: 'tag-leads' },
          ...tags.map((tag) =>
            h(
              'li',
              {},
              h('strong', {}, tag.name),
              h('ul', {}, ...tag.members.edges.map((member) => memberButton(member, open))),
            ),
          ),
        ),
  );
}
