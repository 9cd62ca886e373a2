package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Paths of the repository as the tests see them. Surefire runs in the module directory, which is
 * {@code deploy/}: its files are {@code k8s/...} and {@code docker/...}, the rest of the repository
 * is one level up.
 */
final class Repo {

    /** The deploy module: {@code deploy/}. */
    static final Path MODULE = Path.of("").toAbsolutePath();

    /** The repository root. */
    static final Path ROOT = MODULE.getParent();

    /** The kustomize base, {@code deploy/k8s}. */
    static final Path K8S = MODULE.resolve("k8s");

    /** The overlays of the base, {@code deploy/k8s-overlays}. */
    static final Path K8S_OVERLAYS = MODULE.resolve("k8s-overlays");

    /** Dockerfiles and the compose file, {@code deploy/docker}. */
    static final Path DOCKER = MODULE.resolve("docker");

    /** GitHub Actions workflows. */
    static final Path WORKFLOWS = ROOT.resolve(".github/workflows");

    /** The API's configuration; it may not exist yet, and then Quarkus defaults hold. */
    static final Path API_PROPERTIES = ROOT.resolve("api/src/main/resources/application.properties");

    /** The agent's list of settings; it may not exist yet. */
    static final Path AGENT_SETTINGS = ROOT.resolve("agent/src/main/java/io/procscope/agent/config/Setting.java");

    /** What the agent's build puts beside its jar: the launcher and the JVM flags it passes. */
    static final Path AGENT_DIST = ROOT.resolve("agent/src/main/dist");

    /** The agent's launcher script, which runs java with the agent's JVM flags; it may not exist yet. */
    static final Path AGENT_LAUNCHER = AGENT_DIST.resolve("procscope-agent");

    private Repo() {}

    static {
        assertThat(MODULE.resolve("pom.xml"))
                .as("tests must run in the deploy module directory")
                .content()
                .contains("<artifactId>procscope-deploy</artifactId>");
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of a file relative to the repository root, with forward slashes. */
    static String relative(Path path) {
        return ROOT.relativize(path.toAbsolutePath()).toString().replace('\\', '/');
    }

    /** The root pom's version, for example {@code 0.1.0-SNAPSHOT}. */
    static String projectVersion() {
        return childText(rootPom().getDocumentElement(), "version");
    }

    /** The version that release images carry: the project version without {@code -SNAPSHOT}. */
    static String releaseVersion() {
        return projectVersion().replaceFirst("-SNAPSHOT$", "");
    }

    /** The modules of the root pom's reactor. */
    static List<String> modules() {
        // The default reactor only: modules of a profile (bench) are read only with that profile.
        List<String> names = new ArrayList<>();
        NodeList children = rootPom().getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if ("modules".equals(children.item(i).getNodeName())) {
                NodeList modules = children.item(i).getChildNodes();
                for (int j = 0; j < modules.getLength(); j++) {
                    if ("module".equals(modules.item(j).getNodeName())) {
                        names.add(modules.item(j).getTextContent().strip());
                    }
                }
            }
        }
        return names;
    }

    private static Document rootPom() {
        try {
            return DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(ROOT.resolve("pom.xml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom", e);
        }
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        throw new IllegalStateException("no <" + name + "> in " + parent.getTagName());
    }
}
