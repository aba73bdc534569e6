package hiy.commands;

import org.fusesource.jansi.Ansi;

/** Colour only when the client asked for a terminal (ssh -t); plain text for scripts and pipes. */
public record Style(boolean terminal) {
    public String step(String text) {
        return terminal ? Ansi.ansi().fgBrightCyan().a("-----> ").reset().a(text).toString() : "-----> " + text;
    }

    public String error(String text) {
        return terminal ? Ansi.ansi().fgBrightRed().a(text).reset().toString() : text;
    }

    public String bold(String text) {
        return terminal ? Ansi.ansi().bold().a(text).reset().toString() : text;
    }
}
