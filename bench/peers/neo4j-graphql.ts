/**
 * The @neo4j/graphql (v7) peer: the same labels and claim relationships as this service's graph,
 * mapped with the library's directives and served by graphql-yoga. It reads the graph as it is
 * stored: every claim is a relationship, so a "maintainer" is anyone with any MAINTAINS claim (no
 * "as of a day" rule; see questions.ts for how answers are compared).
 *
 * One field is a `@cypher` field: `Organization.maintainedProjects` (projects maintained by people
 * listed with this employer *for that project*, on the same source line). The library cannot say
 * "the affiliation claim stated for this project on the maintainer claim's line" with its
 * generated filters, so it is written out, as a user of the library would.
 */
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import type { Driver } from 'neo4j-driver';

export const typeDefs = /* GraphQL */ `
  type Claim @relationshipProperties {
    source: String
    line: Int
    since: String
    until: String
    observedAt: String
    supersededAt: String
    listedUntil: String
    emeritus: Boolean
    group: String
    seat: String
    role: String
    chair: Boolean
    appointedBy: String
    forProject: String
    companyAsWritten: String
  }

  type Person @node(labels: ["Person", "Entity"]) {
    id: ID!
    name: String!
    handle: String
    aliases: [String!]
    sources: [String!]
    maintains: [Project!]! @relationship(type: "MAINTAINS", direction: OUT, properties: "Claim")
    affiliatedWith: [Organization!]!
      @relationship(type: "AFFILIATED_WITH", direction: OUT, properties: "Claim")
    servesOn: [Body!]! @relationship(type: "SERVES_ON", direction: OUT, properties: "Claim")
  }

  type Project @node(labels: ["Project", "Entity"]) {
    id: ID!
    name: String!
    aliases: [String!]
    sources: [String!]
    cncf: Boolean
    maturity: String
    maintainers: [Person!]! @relationship(type: "MAINTAINS", direction: IN, properties: "Claim")
  }

  type Organization @node(labels: ["Organization", "Entity"]) {
    id: ID!
    name: String!
    aliases: [String!]
    sources: [String!]
    people: [Person!]! @relationship(type: "AFFILIATED_WITH", direction: IN, properties: "Claim")
    maintainedProjects: [Project!]!
      @cypher(
        statement: """
        MATCH (this)<-[a:AFFILIATED_WITH]-(:Person)-[m:MAINTAINS]->(p:Project)
        WHERE a.forProject = p.id AND a.source = m.source AND a.line = m.line
        RETURN DISTINCT p
        """
        columnName: "p"
      )
  }

  type Body @node(labels: ["Body", "Entity"]) {
    id: ID!
    name: String!
    kind: String
    aliases: [String!]
    sources: [String!]
    members: [Person!]! @relationship(type: "SERVES_ON", direction: IN, properties: "Claim")
  }
`;

/** A Yoga app serving the @neo4j/graphql schema over `driver` (and `database`, if not the default). */
export async function createNeo4jGraphqlPeer(driver: Driver, database?: string) {
  // Claim dates are stored as 'YYYY-MM-DD' strings; comparing them needs the string range filters,
  // which the library only generates behind this feature flag.
  const neoSchema = new Neo4jGraphQL({
    typeDefs,
    driver,
    features: { filters: { String: { LT: true, LTE: true, GT: true, GTE: true } } },
  });
  const schema = await neoSchema.getSchema();
  return createYoga({
    schema,
    logging: false,
    maskedErrors: false,
    context: () => (database ? { sessionConfig: { database } } : {}),
  });
}
