package io.procscope.api.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a key given twice in any object of a report, as Jackson's {@code
 * STRICT_DUPLICATE_DETECTION} does and with its message ({@code Duplicate field 'pid'}), for a
 * fraction of its cost: Jackson fills a new {@code HashSet} for every object past its second key,
 * about 6% of ingest's CPU for the 500 processes of a report. Here each nesting level keeps its
 * first {@value #SCANNED} keys in an array that is reused from object to object and compared in
 * turn (keys are Jackson's canonical strings, so mostly by identity), and only the keys past them
 * go to a set, so that an object of many thousand keys stays linear.
 *
 * <p>Every token passes through {@link #nextToken()}, also those of skipped values (an unknown
 * field's object), so that every object is checked as before.
 */
final class DuplicateKeyParser extends JsonParserDelegate {

    /** Keys per object compared one by one before a set takes the rest. */
    static final int SCANNED = 32;

    /** One open object's or array's keys (an array has none); reused by the next at its depth. */
    private static final class Keys {
        private final String[] first = new String[SCANNED];
        private int count;
        private Set<String> rest;

        void clear() {
            count = 0;
            rest = null;
        }

        /** False when the key was given before in this object. */
        boolean add(String key) {
            int scanned = Math.min(count, SCANNED);
            for (int i = 0; i < scanned; i++) {
                if (first[i].equals(key)) {
                    return false;
                }
            }
            if (count < SCANNED) {
                first[count++] = key;
                return true;
            }
            if (rest == null) {
                rest = new HashSet<>();
            }
            count++;
            return rest.add(key);
        }
    }

    private final List<Keys> levels = new ArrayList<>();
    private int depth;

    /** @param parser a parser without {@code STRICT_DUPLICATE_DETECTION}, which this replaces */
    DuplicateKeyParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (token == null) {
            return null;
        }
        switch (token) {
            case FIELD_NAME -> {
                String key = delegate.currentName();
                if (depth > 0 && !levels.get(depth - 1).add(key)) {
                    throw new JsonParseException(delegate, "Duplicate field '" + key + "'");
                }
            }
            case START_OBJECT, START_ARRAY -> open();
            case END_OBJECT, END_ARRAY -> depth--;
            default -> {
                // a scalar value: nothing to track
            }
        }
        return token;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    /** Skips as the delegate would, but token by token, so that skipped objects are checked too. */
    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken token = currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken next = nextToken();
            if (next == null) {
                return this;
            }
            if (next.isStructStart()) {
                open++;
            } else if (next.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    private void open() {
        depth++;
        if (levels.size() < depth) {
            levels.add(new Keys());
        } else {
            levels.get(depth - 1).clear();
        }
    }
}
