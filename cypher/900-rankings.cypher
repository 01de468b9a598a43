// Centrality rankings of one import, computed in TypeScript (src/analytics/rankings.ts) over the
// people–projects–organizations projection and written back onto the nodes, so that requests only
// read them, for every Person, Project and Organization. `rank…` is the rank among all three kinds,
// `kindRank…` among the node's own kind; 1 is the highest score, equal scores share a rank.
// $ids, and one list per property ($scoreDegree, $rankDegree, … $kindRankBetweenness) holding the
// value of node $ids[i] at [i]: columns, because half a million maps cost seconds more to send and
// read. Bounded by the batch the caller sends (ten thousand nodes);
// each finds its node through the entity_id constraint's index.
UNWIND range(0, size($ids) - 1) AS i
MATCH (n:Entity {id: $ids[i]})
SET n.scoreDegree = $scoreDegree[i],
    n.rankDegree = $rankDegree[i],
    n.kindRankDegree = $kindRankDegree[i],
    n.scorePagerank = $scorePagerank[i],
    n.rankPagerank = $rankPagerank[i],
    n.kindRankPagerank = $kindRankPagerank[i],
    n.scoreBetweenness = $scoreBetweenness[i],
    n.rankBetweenness = $rankBetweenness[i],
    n.kindRankBetweenness = $kindRankBetweenness[i];
