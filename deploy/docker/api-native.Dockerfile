# syntax=docker/dockerfile:1
# procscope API, native image: the Quarkus application compiled ahead of time with Mandrel.
#
# Build (from the repository root; the native compilation takes several minutes and about 6 GB of
# memory per architecture):
#   docker build -f deploy/docker/api-native.Dockerfile -t ghcr.io/procscope/procscope-api:0.1.0-native .
# Run (against your PostgreSQL; the keys are yours, 16 characters or more):
#   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp \
#     -e QUARKUS_DATASOURCE_JDBC_URL='jdbc:postgresql://db-host:5432/procscope?reWriteBatchedInserts=true' \
#     -e QUARKUS_DATASOURCE_USERNAME=procscope -e QUARKUS_DATASOURCE_PASSWORD=your-db-password \
#     -e PROCSCOPE_ENROLL_SECRETS=your-enroll-secret -e PROCSCOPE_READ_KEYS=your-read-key \
#     ghcr.io/procscope/procscope-api:0.1.0-native

# Native code is per architecture: this stage runs on each target platform.
FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS build
USER root
WORKDIR /build
# Every module's pom: Maven reads the whole reactor even when it builds a part of it.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY dto/pom.xml dto/
COPY ui/pom.xml ui/
COPY agent/pom.xml agent/
COPY api/pom.xml api/
COPY deploy/pom.xml deploy/
COPY dto/src dto/src
COPY ui/src ui/src
COPY agent/src agent/src
COPY api/src api/src
# The api's modules are installed as plain jars first: with -am, -Pnative would also compile the
# agent (a test dependency of the api) to native code, for nothing. The native profile builds the
# production application (PostgreSQL) into api/target/procscope-api-<version>-runner.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -pl dto,ui,agent -am install -DskipTests \
    && ./mvnw -B -Pnative -pl api package -DskipTests \
    && { head -c 4 api/target/*-runner | grep -q ELF \
         || { echo "api/target/*-runner is not a native executable" >&2; exit 1; }; }

# UBI 9, as the builder is: a binary needs a glibc at least as new as the one it was linked against
# (the UBI 8 micro image, quarkus-micro-image:2.0, has an older one).
FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
WORKDIR /work
COPY --from=build /build/api/target/*-runner /work/procscope-api
EXPOSE 8080
USER 1001
ENTRYPOINT ["/work/procscope-api"]
