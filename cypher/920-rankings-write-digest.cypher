// Records which projection the rankings just written describe, whether PageRank reached its
// tolerance there and whether betweenness is exact or sampled (and within what), so that the API can
// say so (src/graph/analytics.ts). $digest: the projection's sha256; $pagerank: { converged,
// iterations, change, tolerance }; $betweenness: { exact, pivots, seed, confidence, errorBound },
// the last four null when exact.
MERGE (state:RankingState)
SET state.projectionDigest = $digest,
    state.pagerankConverged = $pagerank.converged,
    state.pagerankIterations = $pagerank.iterations,
    state.pagerankChange = $pagerank.change,
    state.pagerankTolerance = $pagerank.tolerance,
    state.betweennessExact = $betweenness.exact,
    state.betweennessPivots = $betweenness.pivots,
    state.betweennessSeed = $betweenness.seed,
    state.betweennessConfidence = $betweenness.confidence,
    state.betweennessErrorBound = $betweenness.errorBound;
