package dev.ibac.crd.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** YAML parse errors as one line: {@code line 3, column 3: expected ',' or ']', but got : (while parsing a flow sequence)}. */
public final class YamlSyntax {
    private static final Pattern YAML_MARK = Pattern.compile("^ in '.*', line (\\d+), column (\\d+):$");

    private YamlSyntax() {}

    /**
     * SnakeYAML's messages span several lines with a snippet and caret, and the location that matters
     * is the last mark (where the problem is), not where its context began.
     */
    public static String oneLine(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr();
        List<String> words = new ArrayList<>();
        for (String line : String.valueOf(e.getOriginalMessage()).split("\\R")) {
            Matcher mark = YAML_MARK.matcher(line);
            if (mark.matches()) {
                where = "line " + mark.group(1) + ", column " + mark.group(2);
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                words.add(line.strip());
            }
        }
        String problem = words.isEmpty() ? "unreadable" : words.get(words.size() - 1);
        String context = words.size() > 1 ? " (" + String.join(", ", words.subList(0, words.size() - 1)) + ")" : "";
        return (where.isEmpty() ? "" : where + ": ") + problem + context;
    }
}
