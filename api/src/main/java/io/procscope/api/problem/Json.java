package io.procscope.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.stream.Collectors;

/** Says, for a person, what is wrong with a JSON body, without echoing the body itself. */
public final class Json {

    private Json() {}

    /** What is wrong with the body, naming the field and the expected type where known. */
    public static String describe(JsonProcessingException e) {
        String twice = duplicateKey(e);
        if (twice != null) {
            String where =
                    e instanceof JsonMappingException mapping && !path(mapping).isEmpty()
                            ? " in '" + path(mapping) + "'"
                            : "";
            return "The body gives the key '%s' twice%s (duplicate keys are refused: which one would count?)."
                    .formatted(twice, where);
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            return "The body is not valid JSON" + location(e) + ".";
        }
        String path = path(mapping);
        if (e instanceof InvalidFormatException format) {
            return "Field '%s' has a value of the wrong type: expected %s."
                    .formatted(path, simpleName(format.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "Field '%s' has a value of the wrong type: expected %s."
                    .formatted(path.isEmpty() ? "(root)" : path, simpleName(mismatch.getTargetType()));
        }
        return "The body does not match the expected structure at '%s'.".formatted(path);
    }

    /** The key a strict parser found twice (cut to 64 characters), or null. */
    private static String duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParseException parse
                    && parse.getOriginalMessage() != null
                    && parse.getOriginalMessage().startsWith("Duplicate field '")) {
                String message = parse.getOriginalMessage();
                String key = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
                return key.length() <= 64 ? key : key.substring(0, 64) + "…";
            }
        }
        return null;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line %d, column %d)"
                        .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String simpleName(Class<?> type) {
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
