import { listSources } from '../../graph/relations.ts';
import { builder } from '../builder.ts';
import { SourceRef } from '../refs.ts';

SourceRef.implement({
  description:
    'A public file at a pinned commit (or the founding article) that facts in this graph come from.',
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The source’s key, e.g. toc/EMERITUS.md@4acc1dc.' }),
    kind: t.exposeString('kind', { description: '"file" (a repository file at a commit) or "article".' }),
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
      description: 'The full commit hash.',
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
    sha256: t.exposeString('sha256', { description: 'sha256 of the content loaded.' }),
  }),
});

builder.queryField('sources', (t) =>
  t.field({
    type: [SourceRef],
    description: 'Every source the graph was loaded from.',
    resolve: (_root, _args, context) => listSources(context.graph),
  }),
);
