# The root package-lock.json pruned to <%= service %> (tools/src/lockfile-prune). The workspace
# lockfile changes whenever any workspace's dependencies do: this stage reruns then, but writes
# byte-identical files unless this service's own closure changed, and BuildKit keys
# `COPY --from=lockfile` by content, so deps' npm ci stays cached.
# One source for every Node service: libs/nx-docker/src/generators/service/fragments/node-lockfile.Dockerfile;
# after editing it, `npx nx g @polystage/nx-docker:sync-dockerfile-fragments` rewrites this stage.
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS lockfile
WORKDIR /src
COPY tools/src/lockfile-prune/cli.ts tools/src/lockfile-prune/prune.ts tools/src/lockfile-prune/format.ts /opt/lockfile-prune/
COPY package-lock.json ./
COPY <%= service %>/package.json <%= service %>/
RUN node /opt/lockfile-prune/cli.ts <%= service %> --out /pruned
