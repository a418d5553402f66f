package offramp.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Counts and sizes given on the command line (threads, rows and MiB per chunk): zero or a negative number is a
 * usage error named at parse time, never a division by zero or an empty thread pool later on.
 */
final class PositiveNumber {

    private PositiveNumber() {
    }

    static final class Int implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) check(value, Integer.MAX_VALUE);
        }
    }

    static final class Long implements ITypeConverter<java.lang.Long> {
        @Override
        public java.lang.Long convert(String value) {
            return check(value, java.lang.Long.MAX_VALUE);
        }
    }

    private static long check(String value, long max) {
        long n;
        try {
            n = java.lang.Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < 1) {
            throw new TypeConversionException("must be at least 1, got " + value);
        }
        if (n > max) {
            throw new TypeConversionException(value + " is too large");
        }
        return n;
    }
}
