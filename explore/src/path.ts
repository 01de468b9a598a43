import type { PathData } from './api.ts';
import { h } from './dom.ts';

/** The path finder's answer: each hop in order, with its explanation and its sources. */
export function renderPath(list: HTMLElement, fromName: string, toName: string, data: PathData): void {
  const shortest = data.path.shortest;
  if (!shortest) {
    list.replaceChildren(
      h('li', { class: 'empty' }, `No route from ${fromName} to ${toName} within 4 hops.`),
    );
    return;
  }
  list.replaceChildren(
    ...shortest.hops.map((hop) =>
      h(
        'li',
        { class: 'hop' },
        h('span', { class: 'explanation' }, hop.explanation),
        h(
          'span',
          { class: 'sources' },
          ...hop.claims
            .filter((claim) => claim.url)
            .map((claim) =>
              h(
                'a',
                { href: claim.url ?? undefined, target: '_blank', rel: 'noopener noreferrer' },
                `${claim.source.key}${claim.line ? `#L${claim.line}` : ''}`,
              ),
            ),
        ),
      ),
    ),
  );
}
