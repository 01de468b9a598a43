/**
 * Scores as stored and compared: rounded to 10 significant digits, so that nodes in symmetric
 * positions, whose floating-point scores differ only in the last bits (the order of additions
 * differs), tie as they should.
 */
export function roundScore(score: number): number {
  return Number(score.toPrecision(10));
}

/** Code-unit order, which is how Cypher's ORDER BY sorts the ASCII ids. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Competition ranks ("1224"): 1 for the highest score; equal scores share the best rank among them,
 * and the next score's rank skips as many places as shared. Returned in the order of `scores`; a
 * list of ranked items is ordered by (rank, id), which is how ties are listed.
 */
export function competitionRanks(scores: readonly number[], ids: readonly string[]): number[] {
  if (ids.length !== scores.length) throw new RangeError('one id per score');
  return competitionRanksByPlace(scores, idPlaces(ids));
}

/** Each id's place in code-unit order: sorting by it sorts by id without comparing strings again. */
export function idPlaces(ids: readonly string[]): Int32Array {
  const order = ids.map((_, index) => index).sort((a, b) => compareIds(ids[a] as string, ids[b] as string));
  const places = new Int32Array(ids.length);
  order.forEach((index, place) => {
    places[index] = place;
  });
  return places;
}

/** `competitionRanks` with ties ordered by `places` (idPlaces' numbers, or any subset of them). */
export function competitionRanksByPlace(scores: readonly number[], places: ArrayLike<number>): number[] {
  if (places.length !== scores.length) throw new RangeError('one place per score');
  const order = Array.from(scores, (_, index) => index).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || (places[a] as number) - (places[b] as number),
  );
  const ranks = new Array<number>(scores.length);
  order.forEach((index, position) => {
    const previous = order[position - 1];
    ranks[index] =
      previous !== undefined && scores[previous] === scores[index]
        ? (ranks[previous] as number)
        : position + 1;
  });
  return ranks;
}
