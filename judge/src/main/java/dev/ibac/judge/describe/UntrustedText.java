package dev.ibac.judge.describe;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Text the agent controls, made safe to show a model. {@link #normalise} folds look-alikes to one
 * form (NFKC: fullwidth ＜ becomes {@code <}, a no-break space a space) and removes what cannot be
 * seen (format characters such as zero-width spaces, bidi controls and Unicode tag characters;
 * control characters but tab and line breaks; variation selectors; Hangul fillers), so neither
 * redaction patterns nor tag neutralising can be dodged by spelling. {@link #neutraliseTags}
 * then makes every tag-like start inert: any {@code <} or look-alike that, after optional spaces
 * and a slash, is followed by a letter of any script (so a Cyrillic homoglyph in a tag name does
 * not help), {@code !}, {@code ?} or {@code |} becomes {@code ‹}. Thread-safe, pure functions.
 */
public final class UntrustedText {
    /** What a neutralised tag start reads as. */
    public static final String INERT_TAG_START = "‹";

    private static final Pattern INVISIBLE = Pattern.compile(
            "[\\p{Cf}\\p{Co}\\p{Cs}\\p{Cc}&&[^\\t\\n\\r]]|[\\x{FE00}-\\x{FE0F}\\x{E0100}-\\x{E01EF}\\x{115F}\\x{1160}\\x{3164}\\x{FFA0}]");
    /**
     * "<" and its look-alikes (« ‹ 〈 〈 《 ⟨ ⟪ ❬ ❮ ⧼ ˂ ᐸ ≮ ≤ ≺ ⋖ ⩽, and what NFKC does not fold) or an escaped
     * "<" (&lt; &#60; &#x3c; \u003c \x3c), unless it starts "<redacted>".
     */
    private static final Pattern TAG_START = Pattern.compile(
            "(?:[<\\u00AB\\u2039\\u2329\\u3008\\u300A\\u27E8\\u27EA\\u276C\\u276E\\u29FC\\u02C2\\u1438\\uFE64\\uFF1C"
                    + "\\u226E\\u2264\\u227A\\u22D6\\u2A7D]"
                    + "|(?i:&lt;?|&#0*60;?|&#x0*3c;?|\\\\u003c|\\\\x3c))(?!redacted>)"
                    + "(?=[\\s\\p{Z}\\p{M}]{0,16}[/\\\\\\u2044\\u2215\\uFF0F]?[\\s\\p{Z}\\p{M}]{0,16}[\\p{L}!?|])");

    /** Cyrillic and Greek letters that look like the Latin letter at the same place in {@link #LATIN}. */
    private static final String LOOK_ALIKES = "АВЕЅІЈКМНОРСТХУаеѕіјорсхуԁһʏΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριυνκτ";
    private static final String LATIN = "ABESIJKMHOPCTXYaesijopcxydhyABEZHIKMNOPTYXaopiuvkt";
    /** A word holding a Latin letter and a Cyrillic or Greek one, in either order. */
    private static final Pattern MIXED_SCRIPT_WORD = Pattern.compile(
            "(?<![\\p{L}\\p{N}_-])(?=[\\p{L}\\p{N}_-]{0,256}?\\p{IsLatin})"
                    + "(?=[\\p{L}\\p{N}_-]{0,256}?[\\p{IsCyrillic}\\p{IsGreek}])[\\p{L}\\p{N}_-]{1,256}");

    private UntrustedText() {}

    /**
     * NFKC, then without invisible characters, then NFKC again (removing one can make a new pair),
     * then Cyrillic and Greek look-alikes inside words that also hold Latin letters ("PАSSWORD" with
     * a Cyrillic А) written as the Latin letters they imitate. Words in one script stay as they are.
     */
    public static String normalise(String text) {
        if (text == null || text.isEmpty() || isOwnNormalForm(text)) {
            return text;
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String visible = INVISIBLE.matcher(folded).replaceAll("");
        String composed = Normalizer.isNormalized(visible, Normalizer.Form.NFKC) ? visible : Normalizer.normalize(visible, Normalizer.Form.NFKC);
        return MIXED_SCRIPT_WORD.matcher(composed).find() ? MIXED_SCRIPT_WORD.matcher(composed).replaceAll(m -> latin(m.group())) : composed;
    }

    /**
     * Printable ASCII, tabs and line breaks are their own NFKC form, hold no format, control or
     * look-alike characters: nothing to fold or strip. Most of an object's strings are such, and
     * this runs on each of them (issue #11: the judge stage's p99).
     */
    static boolean isOwnNormalForm(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String latin(String word) {
        StringBuilder out = new StringBuilder(word.length());
        word.chars().forEach(c -> {
            int at = LOOK_ALIKES.indexOf(c);
            out.append(at >= 0 ? LATIN.charAt(at) : (char) c);
        });
        return java.util.regex.Matcher.quoteReplacement(out.toString());
    }

    /** Normalised text in which nothing can open or close a tag: "</untrusted-data>" reads "‹/untrusted-data>". */
    public static String neutraliseTags(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return TAG_START.matcher(normalise(text)).replaceAll(INERT_TAG_START);
    }
}
