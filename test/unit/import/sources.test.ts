import { describe, expect, it } from 'vitest';
import {
  ARTICLE_INSIDE_CNCF_ZHANG_LEI,
  findSource,
  SOURCE_FILES,
  SOURCES,
} from '../../../src/import/sources.ts';

describe('source registry', () => {
  it('gives every source a distinct id', () => {
    const ids = SOURCES.map((source) => source.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('foundation/project-maintainers.csv@7596c66');
    expect(ids).toContain('toc/tags/README.md@9877bb5');
  });

  it('pins every file to a full commit and a sha256', () => {
    for (const source of SOURCE_FILES) {
      expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(source.id.endsWith(`@${source.commit.slice(0, 7)}`)).toBe(true);
    }
  });

  it('builds GitHub links to the pinned commit, with an optional line anchor', () => {
    const emeritus = findSource('toc/EMERITUS.md@4acc1dc');
    expect(emeritus?.kind).toBe('file');
    if (emeritus?.kind !== 'file') return;
    expect(emeritus.url()).toBe(
      'https://github.com/cncf/toc/blob/4acc1dcf3e5cab23fb02eba784baff82449e87f5/EMERITUS.md',
    );
    expect(emeritus.url(27)).toBe(
      'https://github.com/cncf/toc/blob/4acc1dcf3e5cab23fb02eba784baff82449e87f5/EMERITUS.md#L27',
    );
  });

  it('links the renamed tags README to its path in the repository, not the local name', () => {
    const source = SOURCE_FILES.find(
      (candidate) => candidate.localPath === 'toc/history/9877bb5a/tags_README.md',
    );
    expect(source?.url(40)).toBe(
      'https://github.com/cncf/toc/blob/9877bb5a864620e8bde38e2709f9fd50585e067d/tags/README.md#L40',
    );
  });

  it('marks people.json as undated, approximately dated, and hashed as a local copy', () => {
    const people = SOURCE_FILES.find((source) => source.format === 'people-json');
    expect(people).toMatchObject({
      snapshotDate: null,
      approximateAsOf: '2024-01-01',
      sha256Of: 'local-copy',
    });
  });

  it('marks only the landscape as gzip-stored', () => {
    expect(SOURCE_FILES.filter((source) => source.gzip).map((source) => source.id)).toEqual([
      'landscape/landscape.yml@153d699',
    ]);
  });

  it('lists the founding article as its own kind of source', () => {
    expect(findSource('article/inside-cncf-zhang-lei')).toBe(ARTICLE_INSIDE_CNCF_ZHANG_LEI);
    expect(ARTICLE_INSIDE_CNCF_ZHANG_LEI).toMatchObject({
      kind: 'article',
      path: 'seed/inside-cncf-zhang-lei.txt',
    });
  });
});
