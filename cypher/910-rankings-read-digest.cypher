// Whether the stored rankings still describe the graph (src/analytics/rankings.ts): the digest of
// the projection they were computed from, kept on the one :RankingState node outside the :Entity
// graph (null before the first ranking, and for rankings stored before their PageRank convergence
// or their betweenness method was, so that those are computed again and the API can say how they
// were computed), and how
// many ranked kinds' nodes have no scores (a node written afresh since, say by a forced reload).
// Bounded by those nodes, about 6,000 today.
MATCH (n:Person|Project|Organization) WHERE n.rankDegree IS NULL
WITH count(n) AS unranked
OPTIONAL MATCH (state:RankingState)
RETURN CASE WHEN state.pagerankConverged IS NULL OR state.betweennessExact IS NULL THEN null
            ELSE state.projectionDigest END AS digest, unranked;
