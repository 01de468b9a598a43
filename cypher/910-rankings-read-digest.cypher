// The digest of the projection the stored rankings were computed from (src/analytics/rankings.ts),
// kept on the one :RankingState node, outside the :Entity graph; no row before the first ranking.
MATCH (state:RankingState)
RETURN state.projectionDigest AS digest;
