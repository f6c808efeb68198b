# The Faultlines app image for docker-compose.yml: Node 20, dependencies from the npm registry, the client built once,
# the server run with tsx (as `npm start` does). Configuration comes from the environment (server/config.ts).
FROM node:20

WORKDIR /app

# npm 11 as on the development machines: the project's lock file and Vite 8 are installed with it (TECH-NOTES).
RUN npm install -g npm@11

# Dependencies first, so that a code change does not reinstall them. `npm install`, not `npm ci`: four optional
# platform packages of @ladybugdb/core are missing from the registry and `npm ci` refuses the lock file (TECH-NOTES).
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

COPY . .
RUN npm run build:client

ENV HOST=0.0.0.0 \
    PORT=3000
EXPOSE 3000

CMD ["npx", "tsx", "server/main.ts"]
