# Veiligheidsplanner: one image for every deployment.
#   embedded database:  docker run -p 3000:3000 -v vp-data:/data <image>
#   PostgreSQL:         docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e SESSION_SECRET=… <image>
# The server runs its TypeScript source through tsx (docs/decisions/001-typescript-runs-through-tsx.md),
# so the image holds server/, shared/ and migrations/ as source, plus the built web app.

# Node 24 LTS on Debian 13. CI runs the unit and PGlite suites on Node 24 as well as on Node 20
# (README, "Supported Node versions").
ARG NODE_IMAGE=node:24-trixie-slim

# Every stage installs from the same lockfile with the same flags. package.json denies esbuild its
# install script ("allowScripts"); not every npm reads that field, so --ignore-scripts applies the same
# policy whatever npm the image ships. No dependency needs an install script to work.

# ---- build: all dependencies, then the web app (web/dist) --------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build -w web

# ---- what the server needs at run time: no dev tools, and none of the web app's packages -------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --omit=dev --workspace=server --workspace=shared --ignore-scripts

# ---- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# No demo accounts (their password is published) unless asked for with SEED_DEMO=true.
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    SEED_DEMO=false
WORKDIR /app

# The code belongs to root and is read-only for the user that runs it.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json tsconfig.base.json tsconfig.json ./
COPY shared/package.json ./shared/package.json
COPY shared/src ./shared/src
COPY server/package.json ./server/package.json
COPY server/src ./server/src
COPY migrations ./migrations
COPY web/package.json ./web/package.json
COPY --from=build /app/web/dist ./web/dist

# The embedded database (used when DATABASE_URL is not set) lives in /data.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

USER node
EXPOSE 3000

# 200 when the server answers and its database is reachable; 503 (unhealthy) otherwise.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# One process (tsx as an import hook): SIGTERM reaches the server, which closes connections and exits
# within 10 seconds.
CMD ["node", "--import", "tsx", "server/src/main.ts"]
