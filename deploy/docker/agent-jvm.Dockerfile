# syntax=docker/dockerfile:1
# procscope agent, JVM variant: the agent's jar, its libraries and its launcher script, which runs
# java with agent/src/main/dist/jvm.options (-Xmx16m ...), the one place the agent's JVM flags are.
#
# Build (from the repository root):
#   docker build -f deploy/docker/agent-jvm.Dockerfile -t ghcr.io/procscope/procscope-agent:0.1.0 .
# Run (reads every process of this host: host PID namespace, the host's /proc read-only, root with
# only CAP_SYS_PTRACE, which shows other users' exe and cwd links):
#   docker run -d --name procscope-agent --pid=host --user 0 \
#     --cap-drop=ALL --cap-add=SYS_PTRACE \
#     --security-opt no-new-privileges --read-only --tmpfs /tmp:exec \
#     -v /proc:/host/proc:ro -v /etc/passwd:/host/etc/passwd:ro \
#     -v /var/lib/procscope-agent:/var/lib/procscope-agent \
#     -e PROCSCOPE_AGENT_PROC_PATH=/host/proc -e PROCSCOPE_AGENT_PASSWD_PATH=/host/etc/passwd \
#     -e PROCSCOPE_AGENT_HOSTNAME="$(hostname)" \
#     -e PROCSCOPE_AGENT_API_URL=http://api-host:8080 -e PROCSCOPE_AGENT_ENROLL_SECRET=your-enroll-secret \
#     ghcr.io/procscope/procscope-agent:0.1.0

# The jar is the same on every architecture (JNA carries every platform's library): build it once,
# natively, on the build machine.
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
COPY agent/src agent/src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -pl agent -am package -DskipTests

# glibc, which JNA's native library needs, and a shell for the launcher.
FROM eclipse-temurin:17-jre-noble
RUN useradd --uid 1001 --gid 0 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin procscope \
    && mkdir -p /var/lib/procscope-agent && chown 1001:0 /var/lib/procscope-agent && chmod 0770 /var/lib/procscope-agent
# The layout of agent/target: the launcher finds the jar and jvm.options (the agent's JVM flags)
# beside it, and the jar finds lib/.
COPY --from=build /build/agent/target/lib/ /opt/procscope-agent/lib/
COPY --from=build /build/agent/target/procscope-agent.jar /build/agent/target/jvm.options /opt/procscope-agent/
COPY --from=build --chmod=0755 /build/agent/target/procscope-agent /opt/procscope-agent/procscope-agent
# The state directory holds the spool and the host's credential: mount it from the host (a volume,
# a hostPath) so that both survive the container.
ENV PROCSCOPE_AGENT_SPOOL_DIR=/var/lib/procscope-agent \
    PROCSCOPE_AGENT_CREDENTIAL_FILE=/var/lib/procscope-agent/credential \
    PROCSCOPE_AGENT_HEALTH_PORT=9101
EXPOSE 9101
USER 1001
ENTRYPOINT ["/opt/procscope-agent/procscope-agent"]
