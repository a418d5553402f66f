package offramp.server;

/** Reading the text of CREATE USER and GRANT statements as servers print them. */
public final class AccountText {

    private AccountText() {
    }

    /**
     * What follows the account name of {@code CREATE USER `u`@`h` ...} (or the name alone of a role): the
     * authentication and the account's options. The name is skipped by its quoting, so words in it do not count.
     */
    public static String afterAccount(String createUser) {
        String prefix = "CREATE USER ";
        int i = createUser.regionMatches(true, 0, prefix, 0, prefix.length()) ? prefix.length() : 0;
        i = skipName(createUser, i);
        if (i < createUser.length() && createUser.charAt(i) == '@') {
            i = skipName(createUser, i + 1);
        }
        return createUser.substring(i);
    }

    /** The index after the name (quoted with ` ' or ", quotes doubled inside, or bare) starting at {@code from}. */
    public static int skipName(String text, int from) {
        if (from >= text.length()) {
            return from;
        }
        char q = text.charAt(from);
        if (q != '`' && q != '\'' && q != '"') {
            int i = from;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '@'
                && text.charAt(i) != ',') {
                i++;
            }
            return i;
        }
        int i = from + 1;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\\' && q != '`') {
                i += 2;
                continue;
            }
            if (ch == q) {
                if (i + 1 < text.length() && text.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /** The text with every single-quoted string literal emptied ({@code ''}): hashes and comments say nothing. */
    public static String withoutLiterals(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\'') {
                out.append("''");
                i = skipName(text, i);
            } else if (ch == '`') {
                int end = skipName(text, i);
                out.append(text, i, end); // a quoted name stays, quotes in it included
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * A CREATE USER statement with its hashes blanked (the literal after AS, USING or BY [PASSWORD], string or hex,
     * becomes {@code '...'}): safe to show. Plugin names and options stay.
     */
    public static String withoutSecrets(String createUser) {
        String rest = afterAccount(createUser);
        String name = createUser.substring(0, createUser.length() - rest.length());
        return name + rest.replaceAll("(?i)\\b(AS|USING|BY PASSWORD|BY)\\s+(?:'(?:[^'\\\\]|''|\\\\.)*'|0x[0-9A-Fa-f]*)",
            "$1 '...'");
    }
}
