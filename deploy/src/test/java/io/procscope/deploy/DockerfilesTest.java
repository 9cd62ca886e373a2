package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.procscope.deploy.Dockerfile.Instruction;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Dockerfiles cannot be built here (no Docker engine, no GraalVM): this reads them and holds
 * them to what the rest of the repository says.
 */
class DockerfilesTest {

    /**
     * The API's JVM flags; the API has no launcher script, so api-jvm.Dockerfile is their place
     * (api-embedded.Dockerfile runs the same entrypoint, which a test holds it to).
     */
    static final List<String> API_JVM_FLAGS =
            List.of("-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    /** The agent's shipped JVM flags, measured at about 54 MB RSS; its launcher holds them. */
    static final Set<String> AGENT_JVM_FLAGS = Set.of(
            "-Xmx16m",
            "-Xms4m",
            "-Xmn1536k",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss256k",
            "-XX:MaxMetaspaceSize=48m",
            "-XX:-UsePerfData",
            "-XX:CICompilerCount=1",
            "-Xshare:off");

    private static final Pattern JVM_FLAG = Pattern.compile("(?<![\\w-])-X[\\w:+=.-]+");

    static Stream<Dockerfile> dockerfiles() {
        return Dockerfile.all().stream();
    }

    static Stream<Dockerfile> nativeDockerfiles() {
        return dockerfiles().filter(Dockerfile::isNative);
    }

    @Test
    void thereIsAJvmAndANativeImageOfTheApiAndTheAgentAndAnEmbeddedApi() {
        assertThat(Dockerfile.all())
                .extracting(Dockerfile::fileName)
                .containsExactlyInAnyOrder(
                        "agent-jvm.Dockerfile",
                        "agent-native.Dockerfile",
                        "api-jvm.Dockerfile",
                        "api-native.Dockerfile",
                        "api-embedded.Dockerfile");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void opensWithTheCommandsThatBuildAndRunIt(Dockerfile file) {
        List<String> build = file.buildCommand();
        int f = build.indexOf("-f");

        assertThat(f).as("%s: docker build -f <this file>", file.fileName()).isPositive();
        assertThat(build.get(f + 1)).isEqualTo(Repo.relative(file.path()));
        assertThat(build.get(build.size() - 1))
                .as("the build context is the repository root")
                .isEqualTo(".");
        assertThat(file.runCommand())
                .last()
                .as("docker run starts the image just built")
                .isEqualTo(file.imageReference());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void buildsAProcscopeImageTaggedWithTheProjectVersion(Dockerfile file) {
        String module = file.fileName().substring(0, file.fileName().indexOf('-'));

        assertThat(file.imageRepository()).isEqualTo("ghcr.io/procscope/procscope-" + module);
        assertThat(file.imageTag()).isEqualTo(Repo.releaseVersion() + file.tagSuffix());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void runsAsANonRootUser(Dockerfile file) {
        String user = user(file);

        assertThat(user)
                .as("%s: numeric, so Kubernetes can verify runAsNonRoot", file.fileName())
                .matches("\\d+");
        assertThat(Long.parseLong(user)).isNotZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void runsOnASmallBaseImage(Dockerfile file) {
        String base = Dockerfile.baseImage(file.runtimeStage());

        if (file.isNative()) {
            assertThat(base).matches("quay\\.io/quarkus/(ubi\\d+-)?quarkus-micro-image:[\\d.]+");
        } else {
            assertThat(base).as("a JRE, not a JDK").matches("eclipse-temurin:17-jre(-[a-z]+)?");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeDockerfiles")
    void nativeImagesRunOnTheUbiReleaseTheirBuilderLinkedAgainst(Dockerfile file) {
        String builder =
                Dockerfile.baseImage(file.buildStages().get(file.buildStages().size() - 1));
        String runtime = Dockerfile.baseImage(file.runtimeStage());

        // A binary needs a glibc at least as new as the builder's: a UBI 9 build does not start on
        // UBI 8's (quarkus-micro-image:2.0), whose glibc is older.
        assertThat(Dockerfile.ubiRelease(runtime))
                .as("%s: runtime %s, builder %s", file.fileName(), runtime, builder)
                .isEqualTo(Dockerfile.ubiRelease(builder));
        assertThat(builder).startsWith("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21");
        assertThat(runtime).isEqualTo("quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
    }

    @Test
    void readsTheUbiReleaseFromQuarkusImageNames() {
        assertThat(Dockerfile.ubiRelease("quay.io/quarkus/quarkus-micro-image:2.0"))
                .isEqualTo(8);
        assertThat(Dockerfile.ubiRelease("quay.io/quarkus/ubi-quarkus-mandrel-builder-image:jdk-21"))
                .isEqualTo(8);
        assertThat(Dockerfile.ubiRelease("quay.io/quarkus/ubi9-quarkus-micro-image:2.0"))
                .isEqualTo(9);
        assertThat(Dockerfile.ubiRelease("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21"))
                .isEqualTo(9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void compilesInABuilderStageWithTheMavenWrapper(Dockerfile file) {
        String module = file.fileName().substring(0, file.fileName().indexOf('-'));
        List<Instruction> builder = file.buildStages().stream()
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(file.fileName() + " has no builder stage"));
        String runs = String.join(
                " && ",
                Dockerfile.all(builder, "RUN").stream()
                        .map(Instruction::arguments)
                        .toList());

        if (file.isNative()) {
            assertThat(Dockerfile.baseImage(builder)).containsAnyOf("mandrel", "graalvm");
            assertThat(runs).containsPattern("\\./mvnw -B -Pnative -pl " + module + "\\b");
        } else {
            assertThat(Dockerfile.baseImage(builder)).isEqualTo("eclipse-temurin:17-jdk-noble");
            assertThat(builder.get(0).flag("platform"))
                    .as("a JVM build is the same on every platform: build it once on the build machine")
                    .contains("$BUILDPLATFORM");
            assertThat(runs).contains("./mvnw -B -pl " + module + " -am package");
        }
        List<String> copied = Dockerfile.all(builder, "COPY").stream()
                .flatMap(c -> c.operands().stream())
                .toList();
        for (String reactorModule : Repo.modules()) {
            assertThat(copied)
                    .as("%s copies %s/pom.xml: Maven reads every module of the reactor", file.fileName(), reactorModule)
                    .contains(reactorModule + "/pom.xml");
        }
    }

    @Test
    void apiJvmImageRunsTheFastJarWithTheApiFlags() {
        Dockerfile file = Dockerfile.named("api-jvm.Dockerfile");
        List<String> entrypoint = file.entrypoint();

        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.stream().filter(w -> w.startsWith("-X")).toList())
                .containsExactlyElementsOf(API_JVM_FLAGS);
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
                .containsExactly("-jar", "/deployments/quarkus-run.jar");
        assertThat(copiedFrom(file))
                .contains("/build/api/target/quarkus-app/lib/", "/build/api/target/quarkus-app/app/");
    }

    @Test
    void embeddedImageRunsTheSqliteBuildWithItsDatabaseOnAVolume() throws Exception {
        Dockerfile file = Dockerfile.named("api-embedded.Dockerfile");
        Properties app = new Properties();
        try (Reader in = Files.newBufferedReader(Repo.API_PROPERTIES)) {
            app.load(in);
        }
        String pom = Repo.read(Repo.ROOT.resolve("api/pom.xml"));
        String volume = Dockerfile.last(file.runtimeStage(), "VOLUME")
                .orElseThrow(() -> new AssertionError("api-embedded.Dockerfile declares no VOLUME"))
                .arguments();
        String runs = String.join(
                " && ",
                Dockerfile.all(file.runtimeStage(), "RUN").stream()
                        .map(Instruction::arguments)
                        .toList());

        assertThat(pom)
                .as("api/pom.xml packages the embedded profile's build into target/embedded")
                .contains("<quarkus.profile>embedded</quarkus.profile>")
                .contains("<quarkus.package.output-directory>embedded</quarkus.package.output-directory>");
        assertThat(app.stringPropertyNames())
                .as("the embedded profile is built for SQLite")
                .anySatisfy(k -> {
                    assertThat(k).matches("%[\\w,]*\\bembedded\\b[\\w,]*\\.quarkus\\.datasource\\.db-kind");
                    assertThat(app.getProperty(k)).isEqualTo("other");
                });
        assertThat(app.getProperty("%embedded.procscope.dev.database"))
                .as("its SQLite file is on the volume")
                .startsWith(volume + "/");
        assertThat(runs).as("the volume is the application user's").contains("chown 1001:0 " + volume);
        assertThat(user(file)).isEqualTo("1001");
        assertThat(copiedFrom(file))
                .contains("/build/api/target/embedded/lib/", "/build/api/target/embedded/app/")
                .allSatisfy(c -> assertThat(c).startsWith("/build/api/target/embedded/"));
        assertThat(file.entrypoint())
                .as("the API's flags, as api-jvm.Dockerfile runs them")
                .isEqualTo(Dockerfile.named("api-jvm.Dockerfile").entrypoint());
        List<String> run = file.runCommand();
        assertThat(run.get(run.indexOf("-v") + 1)).endsWith(":" + volume);
        assertThat(run).anySatisfy(w -> assertThat(w).startsWith("PROCSCOPE_ENROLL_SECRETS="));
    }

    @Test
    void apiJvmImageBuildsTheProductionApplicationOnly() {
        Dockerfile file = Dockerfile.named("api-jvm.Dockerfile");

        assertThat(Dockerfile.all(file.buildStages().get(0), "RUN"))
                .anySatisfy(r -> assertThat(r.arguments()).contains("-Dembedded.skip=true"));
        assertThat(copiedFrom(file)).noneSatisfy(c -> assertThat(c).contains("/embedded/"));
    }

    @Test
    void agentJvmImageRunsTheLauncherSoTheFlagsStayInOnePlace() {
        Dockerfile file = Dockerfile.named("agent-jvm.Dockerfile");
        Instruction launcher = Dockerfile.all(file.runtimeStage(), "COPY").stream()
                .filter(c -> c.operands().contains("/build/agent/target/procscope-agent"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("agent-jvm.Dockerfile does not copy the launcher"));
        String installed = launcher.operands().get(1);
        String directory = installed.substring(0, installed.lastIndexOf('/') + 1);

        assertThat(file.entrypoint()).containsExactly(installed);
        assertThat(launcher.flag("chmod")).as("the launcher stays executable").contains("0755");
        assertThat(copiedTo(file, directory)).contains("/build/agent/target/procscope-agent.jar");
        assertThat(copiedTo(file, directory + "lib/")).contains("/build/agent/target/lib/");
        List<String> flags = new ArrayList<>();
        file.instructions()
                .forEach(i -> JVM_FLAG.matcher(i.arguments()).results().forEach(r -> flags.add(r.group())));
        assertThat(flags)
                .as("JVM flags in agent-jvm.Dockerfile instead of the launcher")
                .isEmpty();
    }

    @Test
    void agentJvmImageHoldsEveryFileTheLauncherNeeds() {
        assumeTrue(Files.isDirectory(Repo.AGENT_DIST), "the agent's launcher is not written yet");
        Dockerfile file = Dockerfile.named("agent-jvm.Dockerfile");
        String installed = file.entrypoint().get(0);
        String directory = installed.substring(0, installed.lastIndexOf('/') + 1);

        for (Path dist : Repo.list(Repo.AGENT_DIST, "")) {
            String name = dist.getFileName().toString();
            List<String> copied = new ArrayList<>(copiedTo(file, directory));
            copied.addAll(copiedTo(file, directory + name));
            assertThat(copied)
                    .as("agent-jvm.Dockerfile puts %s beside the launcher", Repo.relative(dist))
                    .contains("/build/agent/target/" + name);
        }
    }

    @Test
    void agentLauncherRunsTheShippedFlags() {
        assumeTrue(Files.exists(Repo.AGENT_LAUNCHER), "the agent's launcher is not written yet");
        String launcher = Repo.read(Repo.AGENT_LAUNCHER);
        Set<String> flags = new TreeSet<>();
        Matcher m = JVM_FLAG.matcher(launcher);
        while (m.find()) {
            flags.add(m.group());
        }
        // java @argfile: the flags live in a file beside the launcher.
        Matcher argfile = Pattern.compile("@\\$dir/([\\w.-]+)").matcher(launcher);
        while (argfile.find()) {
            Repo.read(Repo.AGENT_DIST.resolve(argfile.group(1)))
                    .lines()
                    .map(String::strip)
                    .filter(l -> l.startsWith("-"))
                    .forEach(flags::add);
        }

        assertThat(flags).as("the flags the agent JVM image runs with").isEqualTo(AGENT_JVM_FLAGS);
        assertThat(launcher)
                .as("fewer malloc arenas, part of the measured footprint")
                .contains("export MALLOC_ARENA_MAX");
    }

    @Test
    void agentNativeImageTakesTheBinaryTheNativeProfileBuilds() {
        Matcher name = Pattern.compile("<agent\\.native\\.name>([^<]+)</agent\\.native\\.name>")
                .matcher(Repo.read(Repo.ROOT.resolve("agent/pom.xml")));
        assertThat(name.find()).as("agent/pom.xml names its native binary").isTrue();
        String binary = "/build/agent/target/" + name.group(1);
        Dockerfile file = Dockerfile.named("agent-native.Dockerfile");

        assertThat(name.group(1))
                .as("the JVM build's launcher script is target/procscope-agent")
                .isNotEqualTo("procscope-agent");
        assertThat(copiedFrom(file)).containsExactly(binary);
        assertThat(String.join(
                        " ",
                        Dockerfile.all(file.buildStages().get(file.buildStages().size() - 1), "RUN").stream()
                                .map(Instruction::arguments)
                                .toList()))
                .as("the builder checks it made a native executable")
                .contains("agent/target/" + name.group(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeDockerfiles")
    void nativeImagesRunTheBinaryWithoutHotSpotFlags(Dockerfile file) {
        List<String> entrypoint = file.entrypoint();
        String binary = entrypoint.get(0);

        assertThat(entrypoint).noneSatisfy(w -> assertThat(w).startsWith("-XX:"));
        assertThat(Dockerfile.all(file.runtimeStage(), "COPY"))
                .as("the entrypoint is the binary the builder stage made")
                .anySatisfy(c -> {
                    assertThat(c.flag("from")).contains("build");
                    assertThat(c.operands().get(c.operands().size() - 1)).isEqualTo(binary);
                });
    }

    @Test
    void exposedPortsAreTheOnesKubernetesUses() {
        Container api = Manifests.container(Manifests.api().getSpec().getTemplate());
        Container agent = Manifests.container(Manifests.agent().getSpec().getTemplate());
        String agentPort = Manifests.env(agent, "PROCSCOPE_AGENT_HEALTH_PORT").getValue();

        for (Dockerfile file : Dockerfile.all()) {
            String exposed = Dockerfile.last(file.runtimeStage(), "EXPOSE")
                    .orElseThrow(() -> new AssertionError(file.fileName() + " exposes no port"))
                    .arguments();
            if (file.imageRepository().equals(Dockerfile.API_IMAGE)) {
                assertThat(exposed)
                        .as(file.fileName())
                        .isEqualTo(String.valueOf(ApiConfig.load().httpPort()));
                assertThat(api.getPorts())
                        .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(exposed)));
            } else {
                assertThat(exposed).as(file.fileName()).isEqualTo(agentPort);
                assertThat(file.env()).containsEntry("PROCSCOPE_AGENT_HEALTH_PORT", agentPort);
                assertThat(file.env().keySet()).isSubsetOf(AgentSettings.envNames());
            }
        }
    }

    @Test
    void imagesKubernetesRunsAreTheOnesBuiltHere() {
        Set<String> built = new TreeSet<>();
        Dockerfile.all().forEach(f -> built.add(f.imageReference()));

        Manifests.podTemplates().values().stream()
                .flatMap(t -> t.getSpec().getContainers().stream())
                .map(Container::getImage)
                .filter(image -> image.startsWith("ghcr.io/procscope/"))
                .forEach(image ->
                        assertThat(built).as("images deploy/docker builds").contains(image));
    }

    static String user(Dockerfile file) {
        return Dockerfile.last(file.runtimeStage(), "USER")
                .orElseThrow(() -> new AssertionError(file.fileName() + " sets no USER: it would run as root"))
                .arguments();
    }

    /** What COPY --from instructions of the runtime stage copy to a destination (a directory ends in '/'). */
    private static List<String> copiedTo(Dockerfile file, String destination) {
        return Dockerfile.all(file.runtimeStage(), "COPY").stream()
                .filter(c -> c.flag("from").isPresent())
                .filter(c -> c.operands().get(c.operands().size() - 1).equals(destination))
                .flatMap(c -> c.operands().subList(0, c.operands().size() - 1).stream())
                .toList();
    }

    private static List<String> copiedFrom(Dockerfile file) {
        return Dockerfile.all(file.runtimeStage(), "COPY").stream()
                .filter(c -> c.flag("from").isPresent())
                .flatMap(c -> c.operands().subList(0, c.operands().size() - 1).stream())
                .toList();
    }
}
