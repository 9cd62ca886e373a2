package io.procscope.api.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keys from configuration and from a file, such as a Kubernetes Secret mounted as a volume, so that
 * a key need not sit in an environment variable. A file holds one key per line, or several
 * comma-separated; blank lines and lines starting with {@code #} are skipped.
 */
public final class KeyFiles {

    private KeyFiles() {}

    /**
     * The keys of {@code inline} and of {@code file}, stripped, blanks dropped, in that order.
     *
     * @param setting the file's setting, to name it when the file cannot be read
     * @throws IllegalStateException when the file is set but cannot be read
     */
    public static List<String> keys(Optional<List<String>> inline, Optional<Path> file, String setting) {
        List<String> keys = new ArrayList<>();
        inline.orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .forEach(keys::add);
        if (file.isPresent()) {
            keys.addAll(read(file.get(), setting));
        }
        return keys;
    }

    private static List<String> read(Path file, String setting) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(setting + " is " + file + ", which cannot be read: " + e.getMessage(), e);
        }
        return lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .flatMap(line -> Stream.of(line.split(",")))
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .toList();
    }
}
