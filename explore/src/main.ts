import './style.css';
import {
  ask,
  type ChangesData,
  changesRequest,
  type EntityFacts,
  entityRequest,
  type Kind,
  type NeighbourhoodData,
  neighbourhoodRequest,
  type PathData,
  pathRequest,
  type Request,
  type RosterData,
  rosterRequest,
  type SourceSpan,
  sourcesRequest,
} from './api.ts';
import { GraphCanvas } from './canvas.ts';
import { changesPlaceholder, renderChanges } from './changes.ts';
import { renderRoster } from './date.ts';
import { byId, h } from './dom.ts';
import { type GraphElement, parseElements, pathElements, unionElements } from './elements.ts';
import { graphiqlHref } from './graphiql.ts';
import { renderFacts } from './panel.ts';
import { renderPath } from './path.ts';
import { attachSearch, type Chosen } from './search.ts';
import { TimeSlider } from './slider.ts';
import { changesWindow, coveredSpan, type Span } from './time.ts';

/** What the page shows; every view is redrawn from it and the API. */
const state = {
  /** The day relationships must hold on; null: any time. */
  asOf: null as string | null,
  /** The entity opened from the search box: the canvas's centre and the path finder's start. */
  focus: null as Chosen | null,
  /** The entity in the side panel. */
  selected: null as { key: string; kind: Kind } | null,
  /** Entities whose neighbourhoods are drawn, the focus first. */
  expanded: [] as string[],
  /** The days the governance files' histories cover (from `sources`); null until known. */
  span: null as Span | null,
  /** The changes listed in the panel: for whom, which days, and where the next page starts. */
  changes: null as { kind: Kind; key: string; from: string; to: string; after: string | null } | null,
};

const status = byId('status');
const graphiqlLink = byId<HTMLAnchorElement>('open-graphiql');
const panel = byId('panel');
const canvas = new GraphCanvas(byId('graph'), (key, label) => {
  // A tap shows the entity's facts and adds what surrounds it.
  const kind = label.toUpperCase() as Kind;
  void run(async () => {
    await select(key, kind);
    await expand(key);
  });
});

/** The query behind what was last drawn, for "open in GraphiQL". */
function showing(request: Request): void {
  graphiqlLink.href = graphiqlHref(request.document, request.variables);
  graphiqlLink.title = `The ${request.name} query behind this view`;
  graphiqlLink.dataset.operation = request.name;
}

async function run(task: () => Promise<void>): Promise<void> {
  document.body.setAttribute('aria-busy', 'true');
  status.textContent = '';
  try {
    await task();
  } catch (error) {
    status.textContent = error instanceof Error ? error.message : String(error);
  } finally {
    document.body.removeAttribute('aria-busy');
  }
}

async function neighbourhood(key: string): Promise<GraphElement[]> {
  const request = neighbourhoodRequest(key, state.asOf);
  const data = await ask<NeighbourhoodData>(request);
  showing(request);
  return data.neighbourhood ? parseElements(data.neighbourhood.elements) : [];
}

async function select(key: string, kind: Kind): Promise<void> {
  state.selected = { key, kind };
  const request = entityRequest(kind, key, state.asOf);
  const data = await ask<{ entity: EntityFacts | null }>(request);
  if (!data.entity) throw new Error(`${key} is not in the graph`);
  renderFacts(panel, kind, data.entity, state.asOf, {
    open: (next, nextKind) => void run(() => select(next, nextKind)),
    expand: () => void run(() => expand(key)),
  });
  canvas.select(key);
  showing(request);
  await changes(kind, key);
}

/**
 * The panel's "Changes" section for the entity shown (none for categories): its first page, or
 * with `more`, the next. Only the answer for what the panel still shows is drawn; a failure is
 * written in the section and leaves the rest of the panel alone.
 */
async function changes(kind: Kind, key: string, more = false): Promise<void> {
  const current = state.changes;
  const after = more && current ? current.after : null;
  const today = new Date().toISOString().slice(0, 10);
  const days = changesWindow(state.asOf, state.span, today);
  const window = more && current ? current : { from: days.from, to: days.until };
  const request = changesRequest(kind, key, window.from, window.to, after);
  if (!request) {
    state.changes = null;
    return;
  }
  const listed = { kind, key, from: window.from, to: window.to, after };
  state.changes = listed;
  let section = panel.querySelector<HTMLElement>('#changes');
  if (!more || !section) {
    section = changesPlaceholder(listed.from, listed.to);
    panel.append(section);
  }
  const still = () => state.changes === listed && panel.contains(section);
  try {
    const data = await ask<ChangesData>(request);
    if (!still()) return;
    listed.after = data.changes.pageInfo.endCursor;
    renderChanges(
      section,
      data,
      {
        key,
        from: listed.from,
        to: listed.to,
        graphiql: graphiqlHref(request.document, request.variables),
        open: (next, nextKind) => void run(() => select(next, nextKind)),
        more: () => void run(() => changes(kind, key, true)),
      },
      more,
    );
  } catch (error) {
    if (still())
      section.append(h('p', { class: 'error' }, error instanceof Error ? error.message : String(error)));
  } finally {
    if (still()) section.removeAttribute('aria-busy');
  }
}

async function expand(key: string): Promise<void> {
  const elements = await neighbourhood(key);
  if (!state.expanded.includes(key)) state.expanded.push(key);
  canvas.add(elements);
  canvas.select(key);
}

async function open(chosen: Chosen): Promise<void> {
  state.focus = chosen;
  state.expanded = [chosen.key];
  byId('path-from').textContent = chosen.name;
  byId('path-section').hidden = false;
  byId('hops').replaceChildren();
  canvas.draw(await neighbourhood(chosen.key));
  await select(chosen.key, chosen.kind);
  // The canvas is the main view: the link shows how it was drawn.
  showing(neighbourhoodRequest(chosen.key, state.asOf));
}

async function findPath(to: Chosen): Promise<void> {
  const from = state.focus;
  if (!from) return;
  const request = pathRequest(from.key, to.key, state.asOf);
  const data = await ask<PathData>(request);
  const hops = data.path.shortest?.hops ?? [];
  const route = pathElements(hops);
  canvas.add(route.elements);
  canvas.highlight(route.ids);
  renderPath(byId('hops'), from.name, to.name, data);
  showing(request);
}

/** The date moved: every time-scoped view is drawn again for the new day. */
async function changeDate(asOf: string | null): Promise<void> {
  if (asOf === state.asOf) return;
  state.asOf = asOf;
  slider.show(asOf);
  byId('hops').replaceChildren();
  if (state.expanded.length > 0) {
    const lists = await Promise.all(state.expanded.map((key) => neighbourhood(key)));
    // A later day was chosen meanwhile: its own redraw follows.
    if (state.asOf !== asOf) return;
    canvas.draw(unionElements(lists));
  }
  if (state.selected && state.asOf === asOf) await select(state.selected.key, state.selected.kind);
  if (state.asOf === asOf) await roster();
}

async function roster(): Promise<void> {
  const request = rosterRequest(state.asOf);
  const data = await ask<RosterData>(request);
  renderRoster(byId('roster'), state.asOf, data, (key, kind) => void run(() => select(key, kind)));
  showing(request);
}

const onError = (error: unknown) => {
  status.textContent = error instanceof Error ? error.message : String(error);
};
attachSearch(
  byId<HTMLFormElement>('search'),
  byId('results'),
  (chosen) => void run(() => open(chosen)),
  onError,
);
attachSearch(
  byId<HTMLFormElement>('path-search'),
  byId('path-results'),
  (chosen) => void run(() => findPath(chosen)),
  onError,
);

const dateInput = byId<HTMLInputElement>('as-of');
const slider = new TimeSlider(
  byId<HTMLInputElement>('as-of-slider'),
  dateInput,
  byId('as-of-span'),
  (day) => void run(() => changeDate(day)),
);
dateInput.addEventListener('change', () => void run(() => changeDate(dateInput.value || null)));
byId('any-time').addEventListener('click', () => {
  dateInput.value = '';
  void run(() => changeDate(null));
});

/** The covered span, read once: the slider's ends and the changes panel's "any time". */
async function span(): Promise<void> {
  const data = await ask<{ sources: SourceSpan[] }>(sourcesRequest());
  state.span = coveredSpan(data.sources);
  if (state.span) slider.setSpan(state.span);
}

void run(async () => {
  await span();
  await roster();
});
