import { ask, type Kind, type SearchData, type SearchHit, searchRequest } from './api.ts';
import { h } from './dom.ts';

/**
 * A search box on the API's `search` field: results as a list of buttons, each telling apart
 * entities of the same name (a person's handle and employers, a project's maturity).
 */

export interface Chosen {
  key: string;
  kind: Kind;
  name: string;
}

const KIND_WORDS: Record<Kind, string> = {
  PERSON: 'person',
  ORGANIZATION: 'organization',
  PROJECT: 'project',
  BODY: 'body',
  CATEGORY: 'category',
};

/** A hit the page can open: a person, organization, project, body or category. */
type PanelHit = SearchHit & { kind: Kind };

/** What sets a hit apart from others of the same name. */
export function describeHit(hit: PanelHit): string {
  const entity = hit.entity;
  const parts: string[] = [KIND_WORDS[hit.kind]];
  if (entity.handle) parts.push(`@${entity.handle}`);
  const employers = entity.affiliations?.edges.map((edge) => edge.node.name) ?? [];
  if (employers.length > 0) parts.push(employers.join(', '));
  if (entity.maturity) parts.push(entity.maturity);
  if (entity.bodyKind) parts.push(entity.bodyKind);
  return parts.join(' · ');
}

export function attachSearch(
  form: HTMLFormElement,
  results: HTMLElement,
  onChoose: (chosen: Chosen) => void,
  onError: (error: unknown) => void,
): void {
  const input = form.querySelector('input');
  if (!input) throw new Error('a search form needs an input');
  let latest = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    // Only the answer to the last search is shown, whatever order answers arrive in.
    const ticket = ++latest;
    results.setAttribute('aria-busy', 'true');
    try {
      const answer: { search: SearchHit[] } = await ask<SearchData>(searchRequest(text));
      if (ticket !== latest) return;
      // A maturity level ("sandbox") has no panel here: its projects are a list, not a neighbourhood.
      const data = {
        search: answer.search.filter((hit): hit is PanelHit => hit.kind !== 'MATURITY_LEVEL'),
      };
      results.replaceChildren(
        ...(data.search.length === 0
          ? [h('li', { class: 'empty' }, `Nothing matches “${text}”.`)]
          : data.search.map((hit) => {
              const button = h(
                'button',
                { type: 'button', class: 'hit', 'data-key': hit.entity.key },
                h('span', { class: `name kind-${hit.kind.toLowerCase()}` }, hit.entity.name),
                h('span', { class: 'detail' }, describeHit(hit)),
              );
              button.addEventListener('click', () => {
                results.replaceChildren();
                onChoose({ key: hit.entity.key, kind: hit.kind, name: hit.entity.name });
              });
              return h('li', {}, button);
            })),
      );
    } catch (error) {
      onError(error);
    } finally {
      if (ticket === latest) results.removeAttribute('aria-busy');
    }
  });
}
