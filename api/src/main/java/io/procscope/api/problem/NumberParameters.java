package io.procscope.api.problem;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * Reads whole-number path and query parameters so that one that is not a number, or too large for
 * its type, answers 400 naming the parameter. (JAX-RS answers 404 for a parameter it cannot
 * convert, which sends a client looking for a missing resource rather than a wrong number.)
 */
@Provider
public class NumberParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new WholeNumber<>(name, "a whole number up to 2147483647", Integer::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>)
                    new WholeNumber<>(name, "a whole number up to 9223372036854775807", Long::valueOf);
        }
        return null;
    }

    private static String name(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
        }
        return "the parameter";
    }

    /** Enough of a rejected value to recognise it, never a whole hostile string. */
    private static String excerpt(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private record WholeNumber<T extends Number>(String name, String expected, Function<String, T> parse)
            implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value.strip());
            } catch (NumberFormatException e) {
                throw new BadRequestException("'" + name + "' must be " + expected + ", not '" + excerpt(value) + "'.");
            }
        }

        @Override
        public String toString(T value) {
            return value == null ? null : value.toString();
        }
    }
}
