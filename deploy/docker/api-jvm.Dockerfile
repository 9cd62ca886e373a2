# syntax=docker/dockerfile:1
# procscope API, JVM image: the Quarkus fast-jar on a Java 17 runtime.
#
# Build (from the repository root):
#   docker build -f deploy/docker/api-jvm.Dockerfile -t ghcr.io/procscope/procscope-api:0.1.0 .
# Run (against your PostgreSQL; the keys are yours, 16 characters or more):
#   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp \
#     -e QUARKUS_DATASOURCE_JDBC_URL='jdbc:postgresql://db-host:5432/procscope?reWriteBatchedInserts=true' \
#     -e QUARKUS_DATASOURCE_USERNAME=procscope -e QUARKUS_DATASOURCE_PASSWORD=your-db-password \
#     -e PROCSCOPE_ENROLL_SECRETS=your-enroll-secret -e PROCSCOPE_READ_KEYS=your-read-key \
#     ghcr.io/procscope/procscope-api:0.1.0
#
# Extra JVM options go in JAVA_TOOL_OPTIONS; the flags below are the API's, kept in this one place.

# The fast-jar is the same on every architecture: build it once, natively, on the build machine.
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
# The production application only: the embedded flavour is api-embedded.Dockerfile's.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -pl api -am package -DskipTests -Dembedded.skip=true

FROM eclipse-temurin:17-jre-noble
RUN useradd --uid 1001 --gid 0 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin procscope
WORKDIR /deployments
# Owned by root and only readable by the application user.
COPY --from=build /build/api/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build /build/api/target/quarkus-app/*.jar /deployments/
COPY --from=build /build/api/target/quarkus-app/app/ /deployments/app/
COPY --from=build /build/api/target/quarkus-app/quarkus/ /deployments/quarkus/
EXPOSE 8080
USER 1001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
