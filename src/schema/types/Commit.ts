import { builder } from '../builder.ts';
import { SourceRef } from '../refs.ts';

/** A commit of a file's history, as a claim or a change names it. */
export interface CommitRecord {
  commit: string;
  date: string;
  subject: string;
  /** The id of the history source (the file) the commit changed. */
  source: string;
}

/** A commit a claim names (its adding or removing one), or null where it names none. */
export function commitOf(
  source: string,
  hash: string | undefined,
  date: string | undefined,
  subject: string | undefined,
): CommitRecord | null {
  return hash ? { commit: hash, date: date ?? '', subject: subject ?? '', source } : null;
}

export function blobUrl(repository: string, commit: string, path: string): string {
  return `https://github.com/${repository}/blob/${commit}/${path}`;
}

export const CommitRef = builder.objectRef<CommitRecord>('Commit').implement({
  description: 'A commit on the main line of a public repository that changed a tracked file.',
  fields: (t) => ({
    hash: t.exposeString('commit', { description: 'The full commit hash.' }),
    date: t.field({
      type: 'Date',
      description: 'The day (UTC) the commit landed on the main line: its committer date.',
      resolve: (c) => c.date,
    }),
    message: t.exposeString('subject', { description: 'The first line of the commit message.' }),
    url: t.string({
      nullable: true,
      description: 'The commit on GitHub.',
      resolve: async (c, _args, context) => {
        const source = await SourceRef.getDataloader(context).load(c.source);
        return source?.repository ? `https://github.com/${source.repository}/commit/${c.commit}` : null;
      },
    }),
    fileUrl: t.string({
      nullable: true,
      description: 'The file as it stood after the commit.',
      resolve: async (c, _args, context) => {
        const source = await SourceRef.getDataloader(context).load(c.source);
        return source?.repository && source.path ? blobUrl(source.repository, c.commit, source.path) : null;
      },
    }),
  }),
});
