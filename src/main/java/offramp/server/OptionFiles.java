package offramp.server;

import offramp.usage.BadUsage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * MySQL's client option files ({@code ~/.my.cnf} and friends), read as mysql, mysqldump, mydumper and the pt-*
 * tools read them: {@code [group]} headers, {@code key=value} lines (dashes and underscores alike), values in
 * single or double quotes with backslash escapes, {@code #} and {@code ;} comments, {@code !include FILE} and
 * {@code !includedir DIR} (its {@code *.cnf} files); a later file or line overrides an earlier one. Only the
 * groups asked for count.
 */
public final class OptionFiles {

    /** The groups offramp reads: every client's, and its own. */
    public static final Set<String> GROUPS = Set.of("client", "offramp");

    /** A value and the file it came from. */
    public record Value(String value, Path file) {
    }

    private OptionFiles() {
    }

    /**
     * The files read, in mysql's order: /etc/my.cnf, /etc/mysql/my.cnf, ~/.my.cnf (under $HOME), then the extra
     * file; a defaults file replaces them all.
     */
    public static List<Path> files(Map<String, String> environment, Path defaultsFile, Path extraFile) {
        if (defaultsFile != null) {
            return List.of(defaultsFile);
        }
        List<Path> files = new ArrayList<>(List.of(Path.of("/etc/my.cnf"), Path.of("/etc/mysql/my.cnf")));
        String home = environment.get("HOME");
        if (home != null && !home.isEmpty()) {
            files.add(Path.of(home, ".my.cnf"));
        }
        if (extraFile != null) {
            files.add(extraFile);
        }
        return files;
    }

    /** The options of {@code groups} in {@code files}, the later overriding; files that do not exist are skipped. */
    public static Map<String, Value> read(List<Path> files, Set<String> groups, Path mustExist1, Path mustExist2) {
        Map<String, Value> options = new LinkedHashMap<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                if (file.equals(mustExist1) || file.equals(mustExist2)) {
                    throw new BadUsage("no option file " + file + " (given with --defaults-file or --defaults-extra-file)");
                }
                continue;
            }
            readFile(file, groups, options, 0);
        }
        return options;
    }

    private static void readFile(Path file, Set<String> groups, Map<String, Value> options, int depth) {
        if (depth > 10) {
            throw new BadUsage("option file " + file + ": !include nested more than 10 deep (a loop?)");
        }
        if (Files.isDirectory(file)) {
            throw new BadUsage("option file " + file + " is a directory: give a file (or use !includedir in one)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadUsage("cannot read the option file " + file + ": " + e.getMessage());
        }
        parse(text, file, groups, options, depth);
    }

    /** Parses one file's text into {@code options}; {@code file} names it in errors and resolves includes. */
    static void parse(String text, Path file, Set<String> groups, Map<String, Value> options, int depth) {
        boolean inGroup = false;
        int number = 0;
        for (String raw : text.split("\r?\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("!include ") || line.startsWith("!includedir ")) {
                boolean dir = line.startsWith("!includedir ");
                Path target = Path.of(line.substring(dir ? 12 : 9).strip());
                target = target.isAbsolute() || file.getParent() == null ? target : file.getParent().resolve(target);
                if (dir) {
                    if (Files.isDirectory(target)) {
                        try (Stream<Path> entries = Files.list(target)) {
                            for (Path p : entries.filter(p -> p.getFileName().toString().endsWith(".cnf")).sorted().toList()) {
                                readFile(p, groups, options, depth + 1);
                            }
                        } catch (IOException e) {
                            throw new BadUsage("cannot list " + target + " (!includedir in " + file + "): " + e.getMessage());
                        }
                    }
                } else if (Files.exists(target)) {
                    readFile(target, groups, options, depth + 1);
                }
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                if (end < 0) {
                    throw new BadUsage("option file " + file + " line " + number + ": a group header needs its ']'");
                }
                inGroup = groups.contains(line.substring(1, end).strip().toLowerCase(Locale.ROOT));
                continue;
            }
            if (!inGroup) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = (eq < 0 ? line : line.substring(0, eq)).strip().toLowerCase(Locale.ROOT).replace('_', '-');
            String value = eq < 0 ? "" : value(line.substring(eq + 1).strip(), file, number);
            options.put(key, new Value(value, file));
        }
    }

    /** A value: quoted (with escapes) up to its closing quote, or bare up to a comment. */
    static String value(String text, Path file, int line) {
        if (text.startsWith("\"") || text.startsWith("'")) {
            char quote = text.charAt(0);
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(escape(text.charAt(++i)));
                } else {
                    out.append(c);
                }
            }
            throw new BadUsage("option file " + file + " line " + line + ": the value has no closing " + quote);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#') {
                break;
            }
            if (c == '\\' && i + 1 < text.length()) {
                out.append(escape(text.charAt(++i)));
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    /** MySQL's escapes in option values: \b \t \n \r \\ \s (a space), and any other character as itself. */
    private static String escape(char c) {
        return switch (c) {
            case 'b' -> "\b";
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 's' -> " ";
            default -> String.valueOf(c);
        };
    }
}
