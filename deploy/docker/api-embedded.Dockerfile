# syntax=docker/dockerfile:1
# procscope in one container: the API built for a SQLite file (the embedded profile) on a Java 17
# runtime, its database on the volume /data. One VM, no PostgreSQL; point agents at it.
#
# Build (from the repository root):
#   docker build -f deploy/docker/api-embedded.Dockerfile -t ghcr.io/procscope/procscope-api:0.1.0-embedded .
# Run (the enrollment secret is yours, 16 characters or more; the volume keeps the database):
#   docker run -d --name procscope -p 8080:8080 -v procscope-data:/data --read-only --tmpfs /tmp:exec \
#     -e PROCSCOPE_ENROLL_SECRETS=your-enroll-secret -e PROCSCOPE_READ_KEYS=your-read-key \
#     ghcr.io/procscope/procscope-api:0.1.0-embedded
#
# sqlite-jdbc unpacks its native library into /tmp and loads it from there, hence exec on /tmp.
# One replica only: the SQLite file has one writer. For more, run api-jvm.Dockerfile on PostgreSQL.

# The jar is the same on every architecture (sqlite-jdbc carries every platform's library): build it
# once, natively, on the build machine.
FROM --platform=$BUILDPLATFORM eclipse-temurin:17-jdk-noble AS build
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
# api/pom.xml's embedded execution packages the SQLite flavour into api/target/embedded, its default
# profile the embedded one (SQLite, every interface, secrets required as in production).
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -pl api -am package -DskipTests

FROM eclipse-temurin:17-jre-noble
RUN useradd --uid 1001 --gid 0 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin procscope \
    && mkdir -p /data && chown 1001:0 /data && chmod 0770 /data
WORKDIR /deployments
# Owned by root and only readable by the application user.
COPY --from=build /build/api/target/embedded/lib/ /deployments/lib/
COPY --from=build /build/api/target/embedded/*.jar /deployments/
COPY --from=build /build/api/target/embedded/app/ /deployments/app/
COPY --from=build /build/api/target/embedded/quarkus/ /deployments/quarkus/
# The embedded profile keeps its database at /data/procscope.db (procscope.dev.database).
VOLUME /data
EXPOSE 8080
USER 1001
# The API's JVM flags, as api-jvm.Dockerfile runs them.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
