import { listSources } from '../../graph/relations.ts';
import { builder } from '../builder.ts';
import { SourceRef } from '../refs.ts';

SourceRef.implement({
  description:
    'A public file that facts in this graph come from: a file at a pinned commit (kind "file"), a governance file read in every version of its history (kind "history"), or the founding article.',
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The source’s key, e.g. toc/EMERITUS.md@4acc1dc.' }),
    kind: t.exposeString('kind', {
      description:
        '"file" (a repository file at a commit), "history" (a file in every version on its repository’s main line) or "article".',
    }),
    repository: t.string({
      nullable: true,
      description: 'GitHub owner/name.',
      resolve: (s) => s.repository ?? null,
    }),
    path: t.string({
      nullable: true,
      description: 'Path in the repository.',
      resolve: (s) => s.path ?? null,
    }),
    commit: t.string({
      nullable: true,
      description: 'The full commit hash (for a history, its newest version read).',
      resolve: (s) => s.commit ?? null,
    }),
    url: t.string({
      nullable: true,
      description: 'The file at that commit on GitHub.',
      resolve: (s) => s.url ?? null,
    }),
    snapshotDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The commit’s date: what the file shows held then.',
      resolve: (s) => s.snapshotDate ?? null,
    }),
    approximateAsOf: t.field({
      type: 'Date',
      nullable: true,
      description: 'For an undated commit, roughly when its content is from.',
      resolve: (s) => s.approximateAsOf ?? null,
    }),
    title: t.string({ nullable: true, description: 'The article’s title.', resolve: (s) => s.title ?? null }),
    license: t.string({
      nullable: true,
      description: 'The licence the content is under.',
      resolve: (s) => s.license ?? null,
    }),
    sha256: t.exposeString('sha256', {
      description: 'sha256 of the content loaded (for a history, of the list of versions read).',
    }),
    coveredFrom: t.field({
      type: 'Date',
      nullable: true,
      description:
        'A history’s first parsed version: before this day the file says nothing, so what it would list is unknown (not absent).',
      resolve: (s) => s.coveredFrom ?? null,
    }),
    coveredUntil: t.field({
      type: 'Date',
      nullable: true,
      description:
        'A history: the day of its repository’s newest commit read while the file still lists (see stillListed), else the day it stopped listing (deleted, or its list gone).',
      resolve: (s) => s.coveredUntil ?? null,
    }),
    stillListed: t.boolean({
      nullable: true,
      description:
        'A history: whether its newest version still lists; what it lists then holds past coveredUntil until a newer commit is read.',
      resolve: (s) => s.stillListed ?? null,
    }),
    versions: t.int({
      nullable: true,
      description: 'A history: the versions of the file on the main line (commits that changed it).',
      resolve: (s) => s.versions ?? null,
    }),
    versionsParsed: t.int({
      nullable: true,
      description: 'A history: the versions parsed; the others are listed in versionsFailed.',
      resolve: (s) => s.versionsParsed ?? null,
    }),
    versionsFailed: t.stringList({
      description:
        'A history: each version that could not be parsed, as "commit date: reason". The facts of the version before it are taken to hold until the next parsed one.',
      resolve: (s) => s.versionsFailed ?? [],
    }),
  }),
});

builder.queryField('sources', (t) =>
  t.field({
    type: [SourceRef],
    description: 'Every source the graph was loaded from.',
    resolve: (_root, _args, context) => listSources(context.graph),
  }),
);
