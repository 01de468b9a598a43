# The service image for docker-compose.yml. Neo4j runs in its own container; this one needs Node,
# and git, with which the importer reads the governance files' histories (CA certificates for https).
FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Scripts skipped here: `prepare` builds the explorer page, whose sources are not copied yet.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY cypher ./cypher
COPY schema ./schema
COPY scripts/build-explore.ts ./scripts/
COPY explore ./explore
RUN node --import tsx scripts/build-explore.ts
# The importer keeps its clones and downloads in .cache (CACHE_DIR); the service runs as `node`.
RUN mkdir -p /app/.cache && chown node:node /app/.cache
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "src/main.ts"]
