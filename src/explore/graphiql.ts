import { createHash } from 'node:crypto';
import { type GraphiQLOptions, renderGraphiQL } from 'graphql-yoga';
import { EXPLORE_PATH } from './serve.ts';

/**
 * Yoga's GraphiQL page with a link to the explorer. Yoga's options have no slot for a link (the
 * title also goes into <title>, where markup shows as text), so the link is put right after
 * <body>, fixed in the top right corner clear of GraphiQL's own toolbar. A test checks that it is
 * there, so a Yoga upgrade that changes the page's markup is noticed.
 */
const EXPLORE_LINK =
  `<a id="explore-link" href="${EXPLORE_PATH}" title="Search, expand, paths and time travel, drawn as a graph" ` +
  'style="position:fixed;top:8px;right:16px;z-index:1000;padding:4px 10px;border-radius:4px;' +
  'background:#0b57d0;color:#fff;font:14px system-ui,sans-serif;text-decoration:none">Graph explorer</a>';

export function renderGraphiQLWithExploreLink(options: GraphiQLOptions): string {
  const page = renderGraphiQL(options);
  const withLink = page.replace(/<body[^>]*>/, (body) => `${body}${EXPLORE_LINK}`);
  if (withLink === page)
    throw new Error('Yoga’s GraphiQL page has no <body> tag to put the explorer link in');
  return withLink;
}

/** An attribute's value in a tag's attribute text, quoted or not (Yoga's page is minified). */
function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
  return match === null ? null : (match[1] ?? match[2] ?? match[3] ?? null);
}

/**
 * A URL as a CSP source: scheme, host and path (a path not ending in "/" matches that file only).
 * Null for anything that is not an absolute https URL, which the policy then does not allow.
 */
function asSource(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? `${parsed.origin}${parsed.pathname}` : null;
  } catch {
    return null;
  }
}

/**
 * The Content-Security-Policy for a GraphiQL page: what that page really loads and nothing more,
 * read off the page itself, so that the options (embedded in an inline script) and a Yoga upgrade
 * (another CDN path) keep it true. Yoga's page loads GraphiQL's script and stylesheet from unpkg,
 * its icon from GitHub, and runs two inline scripts: one fetches Monaco's worker bundles from
 * unpkg and starts them from blob: URLs, the other renders GraphiQL with the page's options. So:
 *
 * - scripts: each `<script src>` by its full URL and each inline script by its sha256; no eval
 *   (neither GraphiQL's bundle nor the workers use it) and no other inline script;
 * - workers from blob: URLs only; fetches to this origin (GraphQL) and to the worker bundles the
 *   inline script names;
 * - stylesheets by full URL, and inline styles: Monaco writes `<style>` elements as it runs, and
 *   the explorer link carries a style attribute;
 * - images: the icon, this origin and data: (the stylesheet embeds its icons and fonts as data:
 *   URLs, hence fonts from data: too);
 * - no frames, plugins, forms or `<base>`, and no framing of the page by other sites.
 */
export function graphiqlContentSecurityPolicy(page: string): string {
  const scripts = new Set<string>();
  const connections = new Set<string>(["'self'"]);
  const styles = new Set<string>(["'self'", "'unsafe-inline'"]);
  const images = new Set<string>(["'self'", 'data:']);
  const inline: string[] = [];
  for (const [, attributes = '', body = ''] of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attribute(attributes, 'src');
    if (src === null) {
      inline.push(body);
      scripts.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    } else {
      const source = asSource(src);
      if (source !== null) scripts.add(source);
    }
  }
  // The worker bundles ship beside GraphiQL's script; any other URL in an inline script (one
  // written in the default query, say) is text the page shows, not something it fetches.
  const scriptDirectories = [...scripts]
    .filter((source) => source.startsWith('https://'))
    .map((source) => source.slice(0, source.lastIndexOf('/') + 1));
  for (const body of inline) {
    for (const [url] of body.matchAll(/https:\/\/[^\s"'`<>()\\]+/g)) {
      const source = asSource(url);
      if (source !== null && scriptDirectories.some((directory) => source.startsWith(directory))) {
        connections.add(source);
      }
    }
  }
  for (const [, attributes = ''] of page.matchAll(/<link\b([^>]*)>/gi)) {
    const rel = (attribute(attributes, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attribute(attributes, 'href');
    const source = href === null ? null : asSource(href);
    if (source === null) continue;
    if (rel.includes('stylesheet')) styles.add(source);
    if (rel.includes('icon')) images.add(source);
  }
  return [
    "default-src 'none'",
    `script-src ${[...scripts].join(' ')}`,
    'worker-src blob:',
    `connect-src ${[...connections].join(' ')}`,
    `style-src ${[...styles].join(' ')}`,
    `img-src ${[...images].join(' ')}`,
    'font-src data:',
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
