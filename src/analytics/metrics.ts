/**
 * The centrality measures, the kinds of entity they rank, and the node properties they are stored in.
 * Constants only, shared by the import-time computation (rankings.ts) and the API's reads.
 */

export const RANKING_METRICS = ['degree', 'pagerank', 'betweenness'] as const;
export type RankingMetric = (typeof RANKING_METRICS)[number];
export const RANKED_KINDS = ['Person', 'Project', 'Organization'] as const;
export type RankedKind = (typeof RANKED_KINDS)[number];

/** The node properties a metric is stored in (written by cypher/900-rankings.cypher). */
export const RANKING_PROPERTIES = {
  degree: { score: 'scoreDegree', rank: 'rankDegree', kindRank: 'kindRankDegree' },
  pagerank: { score: 'scorePagerank', rank: 'rankPagerank', kindRank: 'kindRankPagerank' },
  betweenness: { score: 'scoreBetweenness', rank: 'rankBetweenness', kindRank: 'kindRankBetweenness' },
} as const satisfies Record<RankingMetric, { score: string; rank: string; kindRank: string }>;
