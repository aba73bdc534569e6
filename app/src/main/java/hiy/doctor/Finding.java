package hiy.doctor;

/** What one check found: a level, the check's name, what it saw and, unless all is well, the command that fixes it. */
public record Finding(Level level, String name, String detail, String fix) {
    public enum Level {
        OK("ok"), WARN("warn"), FAIL("FAIL");

        private final String word;

        Level(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public Finding {
        if (level != Level.OK && (fix == null || fix.isBlank())) {
            throw new IllegalArgumentException("a " + level.word() + " of " + name + " needs the command that fixes it");
        }
    }

    public static Finding ok(String name, String detail) {
        return new Finding(Level.OK, name, detail, null);
    }

    public static Finding warn(String name, String detail, String fix) {
        return new Finding(Level.WARN, name, detail, fix);
    }

    public static Finding fail(String name, String detail, String fix) {
        return new Finding(Level.FAIL, name, detail, fix);
    }
}
