import type { ClaimRecord, EntityRecord } from '../graph/records.ts';

/**
 * One line a person can read for a hop of a path: who relates to what, how, when, and on whose
 * word. The sentence follows the relationship's own direction (its subject is the claim's start),
 * whichever way the path walks it.
 */
export function explainHop(
  subject: EntityRecord,
  object: EntityRecord,
  claims: ClaimRecord[],
  today: string,
): string {
  const claim = pickClaim(claims);
  if (!claim) return `${subject.name} is linked to ${object.name}`;
  const when = period(claim, today);
  // A file read through its history names the version that added the line: lines move between versions.
  const where = (c: ClaimRecord) => (c.addedIn ? `${c.source}@${c.addedIn.slice(0, 7)}` : c.source);
  const sources = [...new Set(claims.map((c) => (c.line ? `${where(c)} line ${c.line}` : where(c))))].join(
    '; ',
  );
  return `${sentence(subject.name, object.name, claim, today)}${when ? `, ${when}` : ''} (${sources})`;
}

/**
 * The claim that says most: a complete term (start and end) before an open one, a dated one before
 * a snapshot, then the earliest start (the first term, where there were several).
 */
function pickClaim(claims: ClaimRecord[]): ClaimRecord | undefined {
  const completeness = (c: ClaimRecord) => (c.since && c.until ? 2 : c.since || c.until ? 1 : 0);
  return [...claims].sort(
    (a, b) =>
      completeness(b) - completeness(a) ||
      (a.since ?? a.observedAt ?? '').localeCompare(b.since ?? b.observedAt ?? ''),
  )[0];
}

function ended(claim: ClaimRecord, today: string): boolean {
  return (
    Boolean(claim.until && claim.until <= today) || Boolean(claim.supersededAt && claim.supersededAt <= today)
  );
}

function sentence(a: string, b: string, claim: ClaimRecord, today: string): string {
  const past = ended(claim, today) || claim.emeritus === true || claim.tense === 'past';
  const is = past ? 'was' : 'is';
  switch (claim.type) {
    case 'MAINTAINS':
      return `${a} ${past ? 'maintained' : 'maintains'} ${b}${claim.group ? ` (${claim.group})` : ''}`;
    case 'CONTRIBUTES_TO':
      return `${a} ${past ? 'contributed' : 'contributes'} to ${b}`;
    case 'AFFILIATED_WITH':
      return `${a} ${past ? 'worked' : 'works'} for ${b}${claim.title ? ` as ${claim.title}` : ''}`;
    case 'SERVES_ON':
      return `${a} ${past ? 'served' : 'serves'} on the ${b}${claim.seat === 'alternate' ? ' as an alternate' : ''}${
        claim.chair ? ' (chair)' : ''
      }`;
    case 'LEADS':
      return `${a} ${is} ${claim.emeritus ? 'a past ' : ''}${(claim.role ?? 'lead').replace('-', ' ')} of ${b}`;
    case 'LIAISON_FOR':
      return `${a} ${is} the TOC liaison to ${b}`;
    case 'MEMBER_OF':
      if (claim.tier) return `${a} ${is} a ${claim.tier} member of the ${b}`;
      return `${a} ${is} ${claim.role && claim.role !== 'member' ? `${article(claim.role)} ${claim.role} in` : 'a member of'} ${b}`;
    case 'ORIGINATED_AT':
      return `${a} came from ${b}${claim.role ? ` (${claim.role})` : ''}`;
    case 'PART_OF':
      return `${a} ${is} part of ${b}`;
    case 'IN_CATEGORY':
      return `${a} ${is} in the landscape category ${b}`;
    case 'HAS_MATURITY':
      return `${a} ${is} ${b}`;
    default:
      return `${a} ${claim.type.toLowerCase().replace(/_/g, ' ')} ${b}`;
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function period(claim: ClaimRecord, today: string): string {
  if (claim.since || claim.until) {
    const since = claim.since
      ? claim.datePrecision === 'year'
        ? claim.since.slice(0, 4)
        : claim.since
      : '…';
    if (!claim.until) return `since ${since}`;
    return `${since} – ${claim.until}${claim.untilKind === 'term-end' && claim.until > today ? ' (term end)' : ''}`;
  }
  if (claim.observedAt)
    return `as listed on ${claim.observedAt}${claim.observedAtApproximate ? ' (approximately)' : ''}`;
  return '';
}
