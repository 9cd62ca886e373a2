package io.procscope.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile of {@code deploy/docker}, parsed: the comment block it opens with (its build and
 * run commands) and its instructions, split into stages.
 *
 * @param path where it is
 * @param header the opening comment lines, without {@code #} and without the parser directive
 * @param instructions every instruction, continuation lines joined
 */
record Dockerfile(Path path, List<String> header, List<Instruction> instructions) {

    /** The image repositories that procscope publishes. */
    static final String API_IMAGE = "ghcr.io/procscope/procscope-api";

    static final String AGENT_IMAGE = "ghcr.io/procscope/procscope-agent";

    /** Tag suffix of the native variants. */
    static final String NATIVE_SUFFIX = "-native";

    /** Tag suffix of the single-container API, built for a SQLite file. */
    static final String EMBEDDED_SUFFIX = "-embedded";

    /**
     * One instruction.
     *
     * @param keyword upper case, for example {@code COPY}
     * @param arguments the rest of the instruction
     */
    record Instruction(String keyword, String arguments) {

        /** Arguments split on white space, outside quotes. */
        List<String> words() {
            return Dockerfile.words(arguments);
        }

        /** The value of a {@code --flag=value} argument. */
        Optional<String> flag(String name) {
            return words().stream()
                    .filter(w -> w.startsWith("--" + name + "="))
                    .map(w -> w.substring(name.length() + 3))
                    .findFirst();
        }

        /** The words that are not {@code --flags}. */
        List<String> operands() {
            return words().stream().filter(w -> !w.startsWith("--")).toList();
        }
    }

    static List<Dockerfile> all() {
        return Repo.list(Repo.DOCKER, ".Dockerfile").stream()
                .map(Dockerfile::parse)
                .toList();
    }

    static Dockerfile named(String fileName) {
        return parse(Repo.DOCKER.resolve(fileName));
    }

    static Dockerfile parse(Path path) {
        List<String> lines = Repo.read(path).lines().toList();
        List<String> header = new ArrayList<>();
        int i = 0;
        if (!lines.isEmpty() && lines.get(0).matches("#\\s*syntax\\s*=.*")) {
            i++;
        }
        for (; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            header.add(lines.get(i).replaceFirst("^#\\s?", ""));
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line)
                    .append(' ');
            if (!continued) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(
                        text.substring(0, space).toUpperCase(Locale.ROOT),
                        text.substring(space + 1).strip()));
                current.setLength(0);
            }
        }
        return new Dockerfile(path, header, instructions);
    }

    String fileName() {
        return path.getFileName().toString();
    }

    boolean isNative() {
        return fileName().contains("native");
    }

    /** The single-container API on SQLite (api-embedded.Dockerfile): a JVM image. */
    boolean isEmbedded() {
        return fileName().contains("embedded");
    }

    /** What the variant adds to the project version in its tag: "-native", "-embedded" or nothing. */
    String tagSuffix() {
        return isNative() ? NATIVE_SUFFIX : isEmbedded() ? EMBEDDED_SUFFIX : "";
    }

    /**
     * The Red Hat Universal Base Image release an image of Quarkus' ({@code quay.io/quarkus/...})
     * is built on: {@code ubi9-} names 9; the older names without a number ({@code ubi-},
     * {@code quarkus-micro-image}) are UBI 8.
     */
    static int ubiRelease(String image) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("/ubi(\\d+)-").matcher(image);
        return m.find() ? Integer.parseInt(m.group(1)) : 8;
    }

    /** The stages, each starting with its FROM. */
    List<List<Instruction>> stages() {
        List<List<Instruction>> stages = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            if (stages.isEmpty()) {
                throw new AssertionError(fileName() + ": " + instruction.keyword() + " before the first FROM");
            }
            stages.get(stages.size() - 1).add(instruction);
        }
        return stages;
    }

    /** The stages before the last: where the code is compiled. */
    List<List<Instruction>> buildStages() {
        List<List<Instruction>> stages = stages();
        return stages.subList(0, stages.size() - 1);
    }

    /** The stage that becomes the image. */
    List<Instruction> runtimeStage() {
        List<List<Instruction>> stages = stages();
        return stages.get(stages.size() - 1);
    }

    /** The base image of a stage. */
    static String baseImage(List<Instruction> stage) {
        return stage.get(0).operands().get(0);
    }

    static List<Instruction> all(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    static Optional<Instruction> last(List<Instruction> stage, String keyword) {
        List<Instruction> found = all(stage, keyword);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** The runtime stage's ENTRYPOINT, which must be in exec (JSON) form. */
    List<String> entrypoint() {
        Instruction entrypoint = last(runtimeStage(), "ENTRYPOINT")
                .orElseThrow(() -> new AssertionError(fileName() + " has no ENTRYPOINT"));
        try {
            return Arrays.asList(new ObjectMapper().readValue(entrypoint.arguments(), String[].class));
        } catch (JsonProcessingException e) {
            throw new AssertionError(fileName() + ": ENTRYPOINT is not in exec form: " + entrypoint.arguments());
        }
    }

    /** The ENV variables of the runtime stage. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction instruction : all(runtimeStage(), "ENV")) {
            for (String word : instruction.words()) {
                int eq = word.indexOf('=');
                env.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return env;
    }

    /** The header's {@code docker build ...} command, words split. */
    List<String> buildCommand() {
        return headerCommand("docker build");
    }

    /** The header's {@code docker run ...} command, words split. */
    List<String> runCommand() {
        return headerCommand("docker run");
    }

    /** The image reference the header's build command tags: {@code repository:tag}. */
    String imageReference() {
        List<String> build = buildCommand();
        int t = build.indexOf("-t");
        if (t < 0 || t + 1 >= build.size()) {
            throw new AssertionError(fileName() + ": the build command has no -t image:tag");
        }
        return build.get(t + 1);
    }

    String imageRepository() {
        String reference = imageReference();
        return reference.substring(0, reference.lastIndexOf(':'));
    }

    String imageTag() {
        String reference = imageReference();
        return reference.substring(reference.lastIndexOf(':') + 1);
    }

    private List<String> headerCommand(String prefix) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = null;
        for (String line : header) {
            String text = line.strip();
            if (current == null && text.startsWith(prefix + " ")) {
                current = new StringBuilder();
            }
            if (current != null) {
                boolean continued = text.endsWith("\\");
                current.append(continued ? text.substring(0, text.length() - 1) : text)
                        .append(' ');
                if (!continued) {
                    commands.add(current.toString().strip());
                    current = null;
                }
            }
        }
        if (commands.size() != 1) {
            throw new AssertionError(
                    fileName() + " must open with exactly one '" + prefix + "' command, found " + commands.size());
        }
        return words(commands.get(0));
    }

    /** Splits on white space outside single or double quotes, dropping the quotes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
