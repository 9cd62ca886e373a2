# syntax=docker/dockerfile:1
# procscope agent, native image: the agent compiled ahead of time with Mandrel (the agent's native
# Maven profile), the image the Kubernetes DaemonSet runs.
#
# Build (from the repository root):
#   docker build -f deploy/docker/agent-native.Dockerfile -t ghcr.io/procscope/procscope-agent:0.1.0-native .
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
#     ghcr.io/procscope/procscope-agent:0.1.0-native

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
COPY agent/src agent/src
# The native profile names the binary procscope-agent-native, beside the JVM build's launcher
# script target/procscope-agent; reachability metadata for OSHI, JNA and Jackson ships in the jar.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -Pnative -pl agent -am package -DskipTests \
    && { head -c 4 agent/target/procscope-agent-native | grep -q ELF \
         || { echo "agent/target/procscope-agent-native is not a native executable" >&2; exit 1; }; }

# glibc and zlib, nothing else: JNA's native library needs the former. UBI 9, as the builder is:
# a binary needs a glibc at least as new as the one it was linked against (the UBI 8 micro image,
# quarkus-micro-image:2.0, has an older one).
FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
RUN mkdir -p /var/lib/procscope-agent && chown 1001:0 /var/lib/procscope-agent && chmod 0770 /var/lib/procscope-agent
COPY --from=build /build/agent/target/procscope-agent-native /opt/procscope-agent/procscope-agent
# The state directory holds the spool and the host's credential: mount it from the host (a volume,
# a hostPath) so that both survive the container.
ENV PROCSCOPE_AGENT_SPOOL_DIR=/var/lib/procscope-agent \
    PROCSCOPE_AGENT_CREDENTIAL_FILE=/var/lib/procscope-agent/credential \
    PROCSCOPE_AGENT_HEALTH_PORT=9101
EXPOSE 9101
USER 1001
ENTRYPOINT ["/opt/procscope-agent/procscope-agent"]
