package dev.ibac.judge.effect;

import java.util.BitSet;
import java.util.Locale;

/**
 * Reads a CronJob schedule (five fields or a macro) far enough to compare it with a goal: at which
 * hours it runs and how often a day. Unparseable schedules say so; nothing throws.
 */
public record Cron(BitSet minutes, BitSet hours, int runsPerDay, boolean weekly, boolean valid) {
    private static final Cron INVALID = new Cron(new BitSet(), new BitSet(), 0, false, false);

    public static Cron parse(String schedule) {
        String s = schedule.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "@hourly": return parse("0 * * * *");
            case "@daily": case "@midnight": return parse("0 0 * * *");
            case "@weekly": return parse("0 0 * * 0");
            case "@monthly": return parse("0 0 1 * *");
            case "@yearly": case "@annually": return parse("0 0 1 1 *");
            default: break;
        }
        String[] f = s.split("\\s+");
        if (f.length < 5) {
            return INVALID;
        }
        BitSet minutes = field(f[0], 0, 59);
        BitSet hours = field(f[1], 0, 23);
        if (minutes == null || hours == null) {
            return INVALID;
        }
        boolean weekly = !f[4].equals("*") && !f[4].equals("?");
        boolean monthly = !f[2].equals("*") && !f[2].equals("?");
        int perDay = weekly || monthly ? Math.min(1, minutes.cardinality() * hours.cardinality())
                : minutes.cardinality() * hours.cardinality();
        return new Cron(minutes, hours, perDay, weekly || monthly, true);
    }

    /** "at 02:00 daily", "every hour", "42 times a day". */
    public static String describe(String schedule) {
        Cron c = parse(schedule);
        if (!c.valid) {
            return "unreadable schedule";
        }
        if (c.runsPerDay > 1) {
            return c.runsPerDay + " times a day";
        }
        int hour = c.hours.nextSetBit(0);
        return "at hour " + hour + (c.weekly ? ", not every day" : " daily");
    }

    private static BitSet field(String text, int min, int max) {
        BitSet set = new BitSet();
        for (String part : text.split(",")) {
            if (!range(part, min, max, set)) {
                return null;
            }
        }
        return set;
    }

    private static boolean range(String part, int min, int max, BitSet set) {
        int step = 1;
        String base = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            Integer s = number(part.substring(slash + 1));
            if (s == null || s <= 0) {
                return false;
            }
            step = s;
            base = part.substring(0, slash);
        }
        int from = min;
        int to = max;
        if (!base.equals("*") && !base.equals("?")) {
            int dash = base.indexOf('-');
            Integer a = number(dash >= 0 ? base.substring(0, dash) : base);
            Integer b = dash >= 0 ? number(base.substring(dash + 1)) : slash >= 0 ? Integer.valueOf(max) : a;
            if (a == null || b == null || a < min || b > max || a > b) {
                return false;
            }
            from = a;
            to = b;
        }
        for (int i = from; i <= to; i += step) {
            set.set(i);
        }
        return true;
    }

    private static Integer number(String text) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(text);
    }
}
