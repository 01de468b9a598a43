// Centrality rankings of one import, computed in TypeScript (src/analytics/rankings.ts) over the
// people–projects–organizations projection and written back onto the nodes, so that requests only
// read them. $rows: [{ id, scoreDegree, rankDegree, kindRankDegree, scorePagerank, rankPagerank,
// kindRankPagerank, scoreBetweenness, rankBetweenness, kindRankBetweenness }] for every Person,
// Project and Organization. `rank…` is the rank among all three kinds, `kindRank…` among the node's
// own kind; 1 is the highest score, equal scores share a rank.
// Bounded by the batch the caller sends (a thousand rows); each row finds its node through the
// entity_id constraint's index.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.scoreDegree = row.scoreDegree,
    n.rankDegree = row.rankDegree,
    n.kindRankDegree = row.kindRankDegree,
    n.scorePagerank = row.scorePagerank,
    n.rankPagerank = row.rankPagerank,
    n.kindRankPagerank = row.kindRankPagerank,
    n.scoreBetweenness = row.scoreBetweenness,
    n.rankBetweenness = row.rankBetweenness,
    n.kindRankBetweenness = row.kindRankBetweenness;
