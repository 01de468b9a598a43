import { createHash } from 'node:crypto';
import { type GraphiQLOptions, renderGraphiQL } from 'graphql-yoga';
import { localGraphiQLPage } from '../graphiql/assets.ts';
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

/**
 * Yoga's GraphiQL (4.5, on GraphiQL 5) opens with its own welcome text whatever `defaultQuery` says:
 * GraphiQL 5 takes its first document from `initialQuery`, which Yoga sets from the page's
 * `?query=` or a `query` option, and passes `defaultQuery` on unused. So the worked examples are
 * given as `query` unless the address names one, by a script run before the page renders.
 */
const DEFAULT_QUERY_AS_INITIAL =
  '<script>{const render=YogaGraphiQL.renderYogaGraphiQL;YogaGraphiQL.renderYogaGraphiQL=(root,options)=>' +
  'render(root,{...options,query:new URL(location.href).searchParams.get("query")||options.defaultQuery})}</script>';

export function renderGraphiQLWithExploreLink(options: GraphiQLOptions): string {
  const rendered = localGraphiQLPage(renderGraphiQL(options));
  const page = rendered.replace(
    /<script src=[^>]*yoga-graphiql\.umd\.js><\/script>/,
    (script) => script + DEFAULT_QUERY_AS_INITIAL,
  );
  if (page === rendered) throw new Error('Yoga’s GraphiQL page has no script tag for GraphiQL’s code');
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
 * A URL as a CSP source: `'self'` for a path on this server, else scheme, host and path (a path not
 * ending in "/" matches that file only). Null for anything that is not an absolute https URL or a
 * path here, which the policy then does not allow.
 */
function asSource(url: string): string | null {
  if (url.startsWith('/') && !url.startsWith('//')) return "'self'";
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
 * keep it true. The page (made local by graphiql/assets.ts) loads GraphiQL's script and stylesheet
 * from this server and runs two inline scripts: one fetches Monaco's worker bundles, from this
 * server too, and starts them from blob: URLs; the other renders GraphiQL with the page's options.
 * So, as strict as /explore's:
 *
 * - scripts: this origin's (`'self'` for each `<script src>` path; a full URL by path, should a
 *   page name one) and each inline script by its sha256; no eval and no other inline script;
 * - workers from blob: URLs only; fetches to this origin (GraphQL and the worker bundles);
 * - stylesheets from this origin, and inline styles: Monaco writes `<style>` elements as it runs,
 *   and the explorer link carries a style attribute;
 * - images: this origin and data: (the stylesheet embeds its icons and fonts as data: URLs, hence
 *   fonts from data: too);
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
