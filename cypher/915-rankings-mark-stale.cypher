// Marks the stored rankings as describing no projection before new scores are written over them
// (src/analytics/rankings.ts writes them in several transactions and the digest last), so that a
// run that fails half-way leaves rankings the next import computes again. One node.
MATCH (state:RankingState)
SET state.projectionDigest = null;
