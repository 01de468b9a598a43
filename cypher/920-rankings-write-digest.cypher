// Records which projection the rankings just written describe. $digest: its sha256.
MERGE (state:RankingState)
SET state.projectionDigest = $digest;
