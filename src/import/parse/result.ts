import { redactEmails } from '../../vocabulary/normalize.ts';
import type { ParseResult, Rejection } from '../rows.ts';

/**
 * Every parser returns through here so that no rejection reason, which may quote a source value, can
 * carry an e-mail address out of a file that holds some (tags.yaml, people.json).
 */
export function parseResult<T>(rows: T[], rejected: Rejection[]): ParseResult<T> {
  return {
    rows,
    rejected: rejected.map((rejection) => ({ ...rejection, reason: redactEmails(rejection.reason) })),
  };
}

/**
 * Thrown when a version of a file has no section at all for what a parser reads: the version says
 * nothing about it (the 2015 TOC README before any members list; the 2024 toc/tags/README.md, which
 * had become the TAG process document). Other errors mean the file is malformed. Either way the version
 * gives no rows; a caller building history can tell "not stated here" from "could not be read".
 */
export class SectionMissingError extends Error {
  override name = 'SectionMissingError';
}
