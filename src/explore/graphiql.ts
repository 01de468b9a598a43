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
