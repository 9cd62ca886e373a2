package io.procscope.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the JSON bodies that clients send as strictly as reports are read, and says, for a person,
 * what is wrong with one, without echoing the body itself.
 */
public final class Json {

    private Json() {}

    /**
     * A reader of {@code type} that takes each value only in its own JSON type ({@code "12"} is not
     * a pid, {@code 12} not a hostname, {@code 1.5} not a count, {@code null} not a primitive),
     * refuses a key given twice (which one would count?) and anything after the value. Unknown
     * fields are taken (an older API reads a newer client); a caller may refuse them with
     * {@code .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)}.
     */
    public static ObjectReader strictReader(ObjectMapper mapper, Class<?> type) {
        ObjectMapper strict = mapper.copy();
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            strict.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        for (CoercionInputShape shape :
                List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            strict.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return strict.readerFor(type)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * A small body, read to its end but no further than {@code maxBytes}: a body that is larger is
     * not what the endpoint takes, and is not read on.
     *
     * @param body the body as sent; null when the request has none (then no bytes)
     * @param tooLarge what a 413 says of a larger body
     * @throws ProblemException 413 past {@code maxBytes}, 400 when the body breaks off
     */
    public static byte[] readBounded(InputStream body, int maxBytes, String tooLarge) {
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ProblemException.badRequest("The body could not be read to its end.");
        }
        if (bytes.length > maxBytes) {
            throw new ProblemException(Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, tooLarge));
        }
        return bytes;
    }

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
