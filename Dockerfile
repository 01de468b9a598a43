# The service image for docker-compose.yml. Neo4j runs in its own container; this one only needs Node.
FROM node:20-bookworm-slim
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
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "src/main.ts"]
