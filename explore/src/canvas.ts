import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { type GraphElement, relationshipLabel } from './elements.ts';

/**
 * The graph canvas: cytoscape.js drawing what the API's `neighbourhood.elements` describe. It
 * knows nothing of GraphQL; main.ts tells it what to draw and hears which node was tapped.
 */

const KIND_COLOURS: Record<string, string> = {
  Person: '#2f6fdf',
  Organization: '#e07b24',
  Project: '#1f9d55',
  Body: '#9b3fc4',
  Category: '#7a7a7a',
};

/** An element as cytoscape takes it; edges get a readable label ("serves on"). */
function definition(element: GraphElement): ElementDefinition {
  if (element.group === 'nodes') return element as ElementDefinition;
  return {
    ...element,
    data: { ...element.data, label: relationshipLabel(element.data.type ?? '') },
  } as ElementDefinition;
}

export class GraphCanvas {
  private readonly cy: Core;

  constructor(
    private readonly container: HTMLElement,
    onTap: (id: string, kind: string) => void,
  ) {
    this.cy = cytoscape({
      container,
      // No text measurement through web fonts: the system's sans-serif only.
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'font-family': 'sans-serif',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-wrap': 'ellipsis',
            'text-max-width': '120px',
            width: 22,
            height: 22,
            'background-color': (node) => KIND_COLOURS[node.data('kind') as string] ?? '#555',
          },
        },
        {
          selector: 'node[depth = 0]',
          style: { width: 32, height: 32, 'border-width': 3, 'border-color': '#222' },
        },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#b8b8b8',
            'target-arrow-color': '#b8b8b8',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(label)',
            'font-size': 8,
            color: '#777',
            'text-rotation': 'autorotate',
          },
        },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f2c200' } },
        {
          selector: '.on-path',
          style: { 'line-color': '#d62828', 'target-arrow-color': '#d62828', width: 4, 'z-index': 10 },
        },
        { selector: 'node.on-path', style: { 'border-width': 4, 'border-color': '#d62828' } },
      ],
      minZoom: 0.2,
      maxZoom: 3,
    });
    this.cy.on('tap', 'node', (event) => {
      const node = event.target;
      onTap(node.id() as string, node.data('kind') as string);
    });
  }

  /** Replaces everything drawn. */
  draw(elements: GraphElement[]): void {
    this.cy.elements().remove();
    this.cy.add(elements.map(definition));
    this.layout();
  }

  /** Adds what is not drawn yet; the ids it added. */
  add(elements: GraphElement[]): string[] {
    const fresh = elements.filter((element) => this.cy.getElementById(element.data.id).empty());
    if (fresh.length === 0) return [];
    this.cy.add(fresh.map(definition));
    this.layout();
    return fresh.map((element) => element.data.id);
  }

  ids(): Set<string> {
    return new Set(this.cy.elements().map((element) => element.id() as string));
  }

  highlight(ids: string[]): void {
    this.cy.elements().removeClass('on-path');
    for (const id of ids) this.cy.getElementById(id).addClass('on-path');
    this.publish();
  }

  select(id: string): void {
    this.cy.elements().unselect();
    this.cy.getElementById(id).select();
  }

  private layout(): void {
    // cose: a force-directed layout that ships with cytoscape; not animated, so the drawing is done
    // when this returns.
    this.cy
      .layout({ name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, randomize: false })
      .run();
    this.cy.fit(undefined, 30);
    this.publish();
  }

  /**
   * What is drawn, in the DOM as well: counts for the status line, and `data-` attributes that
   * tests and assistive tools can read (a canvas has no text of its own).
   */
  private publish(): void {
    const nodes = this.cy.nodes();
    this.container.dataset.nodes = String(nodes.length);
    this.container.dataset.edges = String(this.cy.edges().length);
    this.container.dataset.nodeIds = nodes.map((node) => node.id() as string).join(' ');
    this.container.dataset.highlighted = this.cy
      .elements('.on-path')
      .map((element) => element.id() as string)
      .join(' ');
  }
}
