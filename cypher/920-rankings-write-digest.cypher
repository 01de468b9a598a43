// Records which projection the rankings just written describe, and whether PageRank reached its
// tolerance there, so that the API can say so (src/graph/analytics.ts). $digest: the projection's
// sha256; $pagerank: { converged, iterations, change, tolerance }.
MERGE (state:RankingState)
SET state.projectionDigest = $digest,
    state.pagerankConverged = $pagerank.converged,
    state.pagerankIterations = $pagerank.iterations,
    state.pagerankChange = $pagerank.change,
    state.pagerankTolerance = $pagerank.tolerance;
