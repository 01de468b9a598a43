import { decodeGlobalID } from '@pothos/plugin-relay';
import { quoteInput, userInputError } from '../errors.ts';

/**
 * The readable key behind an id argument, which may be given in its Relay global form or as the
 * readable key itself. A global id of another type is treated as unknown (null), not as an error.
 */
export function idOfType(id: string, typename: string): string | null {
  if (/^[a-z]+:/.test(id)) return id;
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw userInputError(`${quoteInput(id)} is not an id this API gave out`, 'id');
  }
  return decoded.typename === typename ? decoded.id : null;
}
