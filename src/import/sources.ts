/**
 * The pinned source files, as data (see SOURCES.md in the data directory). Nothing here reads files: the
 * importer resolves `localPath` against the data directory it is given, gunzips when `gzip` is set,
 * checks `sha256` and hands the text to the parser named by `format`.
 */

export type SourceFormat =
  | 'project-maintainers-csv'
  | 'toc-readme'
  | 'toc-emeritus'
  | 'toc-tags-yaml'
  | 'tag-emeritus-leaders'
  | 'tags-readme'
  | 'cncf-tags-md'
  | 'tag-app-delivery-readme'
  | 'landscape-yaml'
  | 'people-json';

export interface SourceFile {
  kind: 'file';
  /** `<repository name>/<path in repo>@<short commit>`: stable, and readable in provenance. */
  id: string;
  format: SourceFormat;
  /** GitHub `owner/name`. */
  repository: string;
  pathInRepo: string;
  /** Full 40-hex commit the copy was taken at. */
  commit: string;
  /** Date of the commit, or null when it is unknown (people.json). */
  snapshotDate: string | null;
  /** An approximate date of the content where `snapshotDate` is null; never mistake it for a commit date. */
  approximateAsOf: string | null;
  license: string;
  /** sha256 of the original (uncompressed) bytes; for people.json of this local copy only, see note. */
  sha256: string;
  /** 'upstream': the hash of the file at `commit`. 'local-copy': the copy differs from upstream bytes. */
  sha256Of: 'upstream' | 'local-copy';
  /** Relative to the data directory (`…/data/cncf`). */
  localPath: string;
  /** Stored gzip-compressed; `sha256` is of the uncompressed bytes. */
  gzip: boolean;
  note: string | null;
  /**
   * A later source (another file of the same repository) that replaced this one as the record of
   * the same facts; what this one shows undated holds until that source's date.
   */
  supersededBy?: string;
  /** Link to the file, or to one line of it, at the pinned commit. */
  url(line?: number | null): string;
}

export interface ArticleSource {
  kind: 'article';
  id: string;
  title: string;
  publisher: string;
  /** Relative to the shared directory that holds `data/cncf` (i.e. `<shared>/seed/…`), not the data dir. */
  path: string;
  sha256: string;
  /** The article's own date is not given; it was written after this announcement date. */
  notBefore: string;
  /** The text is a third-party summary; its original URL is behind a sign-in and not recorded. */
  license: string | null;
  note: string;
}

/**
 * A file of a public repository followed through every version on the first-parent line of its
 * branch: each version is read, and consecutive versions become the intervals in which a fact held
 * (see history/intervals.ts). The repository is cloned from the data directory's bundle where one
 * is configured, else from its public URL; only the URL differs.
 */
export interface HistorySource {
  kind: 'history';
  /** `<repository name>/<path in repo>`: the file across its history. */
  id: string;
  format: SourceFormat;
  repository: string;
  pathInRepo: string;
  license: string;
  note: string | null;
  /** Link to the file, or to one line of it, at one commit. */
  url(commit: string, line?: number | null): string;
}

/** A repository whose history the importer reads, and where a copy of it comes from. */
export interface HistoryRepository {
  /** GitHub `owner/name`. */
  repository: string;
  branch: string;
  /** The public clone URL, used when no data directory is configured. */
  cloneUrl: string;
  /** A git bundle of the same branch, relative to the data directory. */
  bundle: string;
  /** The head the data directory's bundle was made at (SOURCES.md), for the record. */
  bundleHead: string;
}

export type Source = SourceFile | ArticleSource | HistorySource;

function githubBlobUrl(repository: string, commit: string, pathInRepo: string, line?: number | null): string {
  const anchor = line != null && line > 0 ? `#L${line}` : '';
  return `https://github.com/${repository}/blob/${commit}/${pathInRepo}${anchor}`;
}

type SourceFileData = Omit<SourceFile, 'kind' | 'id' | 'url'>;

function sourceFile(data: SourceFileData): SourceFile {
  const repositoryName = data.repository.split('/')[1] ?? data.repository;
  return {
    kind: 'file',
    id: `${repositoryName}/${data.pathInRepo}@${data.commit.slice(0, 7)}`,
    ...data,
    url: (line) => githubBlobUrl(data.repository, data.commit, data.pathInRepo, line),
  };
}

const CHARTER_LICENSE = 'CC-BY-4.0 (CNCF charter 11(a)(iv): documentation is made available under CC BY 4.0)';
const TOC_COMMIT = '4acc1dcf3e5cab23fb02eba784baff82449e87f5';

export const SOURCE_FILES: readonly SourceFile[] = [
  sourceFile({
    format: 'project-maintainers-csv',
    repository: 'cncf/foundation',
    pathInRepo: 'project-maintainers.csv',
    commit: '7596c6693e1691fb24dfc571e4ac0c651a3467e8',
    snapshotDate: '2026-08-21',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: 'ecff78df44b2d5176bc562889ee04c2af53d4649e7ab52c6c68d18c2a2d1bdee',
    sha256Of: 'upstream',
    localPath: 'foundation/project-maintainers.csv',
    gzip: false,
    note: null,
  }),
  sourceFile({
    format: 'project-maintainers-csv',
    repository: 'cncf/foundation',
    pathInRepo: 'project-maintainers.csv',
    commit: '7a9eb3ee11142af49b92d736bb914483918e5ee3',
    snapshotDate: '2021-07-23',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: 'cd076120bc94bfcc08e049910ac06e7b34df3a127fb0cff093b713a74b12c0dc',
    sha256Of: 'upstream',
    localPath: 'foundation/history/7a9eb3e/project-maintainers.csv',
    gzip: false,
    note: "The file's first version.",
  }),
  sourceFile({
    format: 'toc-readme',
    repository: 'cncf/toc',
    pathInRepo: 'README.md',
    commit: TOC_COMMIT,
    snapshotDate: '2026-06-30',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: '90212e2ce9133942c8c1955745e99600653a52d85e4807d508d67c10a3085b1f',
    sha256Of: 'upstream',
    localPath: 'toc/README.md',
    gzip: false,
    note: null,
  }),
  sourceFile({
    format: 'toc-readme',
    repository: 'cncf/toc',
    pathInRepo: 'README.md',
    commit: '6a0b7c9bfcfc6a341367e8a33f2c18511e42a907',
    snapshotDate: '2021-02-01',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: '2f19ca6097977b17d6b9e4582047372c94611b4aa0d62ddc69561d6492dca4cb',
    sha256Of: 'upstream',
    localPath: 'toc/history/6a0b7c9b/README.md',
    gzip: false,
    note: '"Update README.md (#602)": the TOC members right after the 2021 election.',
  }),
  sourceFile({
    format: 'toc-emeritus',
    repository: 'cncf/toc',
    pathInRepo: 'EMERITUS.md',
    commit: TOC_COMMIT,
    snapshotDate: '2026-06-30',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: '93c8472bc653fb266d2192a69be613f18a3da9a5c2e9cf0714caa5bba73ad280',
    sha256Of: 'upstream',
    localPath: 'toc/EMERITUS.md',
    gzip: false,
    note: null,
  }),
  sourceFile({
    format: 'toc-tags-yaml',
    repository: 'cncf/toc',
    pathInRepo: 'tags.yaml',
    commit: TOC_COMMIT,
    snapshotDate: '2026-06-30',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: 'c8ec5600ce77a2bc3142d9d580e1680947f84faef2db0b6c3bd70cb5d8e8cfa5',
    sha256Of: 'upstream',
    localPath: 'toc/tags.yaml',
    gzip: false,
    note: 'Contains e-mail addresses; the parser never reads them.',
  }),
  sourceFile({
    format: 'tag-emeritus-leaders',
    repository: 'cncf/toc',
    pathInRepo: 'tags/emeritus_leaders.md',
    commit: TOC_COMMIT,
    snapshotDate: '2026-06-30',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: 'e26f436ca2248c83a1b5245145d157eac76f5a13c8edba22fc86efd9bad19a2f',
    sha256Of: 'upstream',
    localPath: 'toc/tags/emeritus_leaders.md',
    gzip: false,
    note: null,
  }),
  sourceFile({
    format: 'tags-readme',
    repository: 'cncf/toc',
    pathInRepo: 'tags/README.md',
    commit: '9877bb5a864620e8bde38e2709f9fd50585e067d',
    snapshotDate: '2022-03-22',
    approximateAsOf: null,
    license: CHARTER_LICENSE,
    sha256: '772aaf6e40fe7d3769fe676446392e2f297d1c5db60d344baff0606a7fc0fd59',
    sha256Of: 'upstream',
    localPath: 'toc/history/9877bb5a/tags_README.md',
    gzip: false,
    note: '"TAG Chairs as of March 2022" and TOC liaisons. Stored locally under a new name.',
    // cncf/toc's README now names tags.yaml "the source of truth" for TAG leadership; the TOC
    // README lists the liaisons. By 2026-06-30 this page's lists were no longer kept.
    supersededBy: 'toc/tags.yaml@4acc1dc',
  }),
  sourceFile({
    format: 'tag-app-delivery-readme',
    repository: 'cncf/tag-app-delivery',
    pathInRepo: 'README.md',
    commit: 'cadc7760e7e55a8c9a26c58c53d9d567fd6dcb9d',
    snapshotDate: '2025-04-16',
    approximateAsOf: null,
    license: 'Apache-2.0',
    sha256: 'a7d3e663bbde841dff0324527899582d67c860c714503c90c284f002a3047471',
    sha256Of: 'upstream',
    localPath: 'tag-app-delivery/README.md',
    gzip: false,
    note: null,
  }),
  sourceFile({
    format: 'tag-app-delivery-readme',
    repository: 'cncf/tag-app-delivery',
    pathInRepo: 'README.md',
    commit: 'b973ec69b5dd8e336fc7e3062135405bd481dd1b',
    snapshotDate: '2021-05-26',
    approximateAsOf: null,
    license: 'Apache-2.0',
    sha256: 'f3bd3b6b82eb9a55c49b35656cdd2b8ac373613299c2ffa2a4beb667691f1a87',
    sha256Of: 'upstream',
    localPath: 'tag-app-delivery/history/b973ec69/README.md',
    gzip: false,
    note: 'The last version listing "Alois Reitbauer, Bryan Liles and Lei Zhang" as chairs.',
  }),
  sourceFile({
    format: 'landscape-yaml',
    repository: 'cncf/landscape',
    pathInRepo: 'landscape.yml',
    commit: '153d699bddf74038d21775b14d09052f62021441',
    snapshotDate: '2026-08-07',
    approximateAsOf: null,
    license: 'CC-BY-4.0 or Apache-2.0 (landscape.yml is alternatively available under CC BY 4.0)',
    sha256: '5642c031bcb9fc9dda330e4863c7dac495510f8c53b49d3edcc2c112cf0f83b0',
    sha256Of: 'upstream',
    localPath: 'landscape/landscape.yml.gz',
    gzip: true,
    note: 'Holds Crunchbase URLs only, no Crunchbase-derived data.',
  }),
  sourceFile({
    format: 'people-json',
    repository: 'cncf/people',
    pathInRepo: 'people.json',
    commit: '0000cd40ec4c6e6fb3d4b3c61e0db9eff7791552',
    snapshotDate: null,
    approximateAsOf: '2024-01-01',
    license: 'MIT ("Copyright (c) 2021 Cloud Native Computing Foundation (CNCF)"; keep the notice)',
    sha256: '55f98658745bc2012cbede7724e5b7f581990aa285344b1d25c499c9d00001f1',
    sha256Of: 'local-copy',
    localPath: 'people/people.json',
    gzip: false,
    note:
      'A transcription, not the original bytes: two invisible characters are missing, so the hash matches no ' +
      'upstream version. Undated commit; content from about early 2024 (approximateAsOf is a guess at that). ' +
      'Load names, categories, role fields, company and GitHub handle only.',
  }),
];

export const ARTICLE_INSIDE_CNCF_ZHANG_LEI: ArticleSource = {
  kind: 'article',
  id: 'article/inside-cncf-zhang-lei',
  title: 'Inside CNCF: How Alibaba’s Zhang Lei Shapes the Future of Cloud Native',
  publisher: 'Alibaba Cloud Developer',
  path: 'seed/inside-cncf-zhang-lei.txt',
  sha256: 'd8488bb0a84adc96fbff46c7f9adb0abad28bf5c95a99b4e882e435bbfec0098',
  notBefore: '2021-02-02',
  license: null,
  note: 'A republished summary of an interview after the 2021 TOC election; the founding article of this project.',
};

export const HISTORY_REPOSITORIES: readonly HistoryRepository[] = [
  {
    repository: 'cncf/foundation',
    branch: 'main',
    cloneUrl: 'https://github.com/cncf/foundation.git',
    bundle: 'git/foundation.bundle',
    bundleHead: '7596c6693e1691fb24dfc571e4ac0c651a3467e8',
  },
  {
    repository: 'cncf/toc',
    branch: 'main',
    cloneUrl: 'https://github.com/cncf/toc.git',
    bundle: 'git/toc.bundle',
    bundleHead: TOC_COMMIT,
  },
];

function historySource(data: Omit<HistorySource, 'kind' | 'id' | 'url'>): HistorySource {
  const repositoryName = data.repository.split('/')[1] ?? data.repository;
  return {
    kind: 'history',
    id: `${repositoryName}/${data.pathInRepo}`,
    ...data,
    url: (commit, line) => githubBlobUrl(data.repository, commit, data.pathInRepo, line),
  };
}

/** The governance files read in every version; each replaces the pinned snapshots of the same file. */
export const HISTORY_SOURCES: readonly HistorySource[] = [
  historySource({
    format: 'project-maintainers-csv',
    repository: 'cncf/foundation',
    pathInRepo: 'project-maintainers.csv',
    license: CHARTER_LICENSE,
    note: null,
  }),
  historySource({
    format: 'toc-readme',
    repository: 'cncf/toc',
    pathInRepo: 'README.md',
    license: CHARTER_LICENSE,
    note: 'TOC members and alternates with their terms, TAG liaisons, the TAGs and TOC subprojects.',
  }),
  historySource({
    format: 'toc-emeritus',
    repository: 'cncf/toc',
    pathInRepo: 'EMERITUS.md',
    license: CHARTER_LICENSE,
    note: null,
  }),
  historySource({
    format: 'toc-tags-yaml',
    repository: 'cncf/toc',
    pathInRepo: 'tags.yaml',
    license: CHARTER_LICENSE,
    note: 'Contains e-mail addresses; the parser never reads them.',
  }),
  historySource({
    format: 'tag-emeritus-leaders',
    repository: 'cncf/toc',
    pathInRepo: 'tags/emeritus_leaders.md',
    license: CHARTER_LICENSE,
    note: null,
  }),
  historySource({
    format: 'tags-readme',
    repository: 'cncf/toc',
    pathInRepo: 'tags/README.md',
    license: CHARTER_LICENSE,
    note: 'Listed TAG chairs and TOC liaisons until 2024-01-04, when the lists moved to tags/cncf-tags.md.',
  }),
  historySource({
    format: 'cncf-tags-md',
    repository: 'cncf/toc',
    pathInRepo: 'tags/cncf-tags.md',
    license: CHARTER_LICENSE,
    note: 'TAG chairs, tech leads and TOC liaisons from 2024-01-04 until the file was archived (2025-04-09), when tags.yaml had taken over.',
  }),
];

/** The pinned files the importer loads: those whose file is not read through its history. */
export const LOADED_FILES: readonly SourceFile[] = SOURCE_FILES.filter(
  (file) =>
    !HISTORY_SOURCES.some(
      (history) => history.repository === file.repository && history.pathInRepo === file.pathInRepo,
    ),
);

export const SOURCES: readonly Source[] = [
  ...SOURCE_FILES,
  ARTICLE_INSIDE_CNCF_ZHANG_LEI,
  ...HISTORY_SOURCES,
];

export function findSource(id: string): Source | undefined {
  return SOURCES.find((source) => source.id === id);
}
