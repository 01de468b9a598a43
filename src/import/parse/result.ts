import { redactEmails } from '../normalize.ts';
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
