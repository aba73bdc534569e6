package hiy.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

import java.util.Map;

/**
 * HIY's logging, set up in code: one line per event on stderr, HIY's own at HIY_LOG_LEVEL (INFO), the libraries'
 * at WARN. Found by logback through its Configurator service, so logback never loads its XML configurator (about
 * 450 classes, a few MB of metaspace, at every start).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** Libraries that log too much below WARN; MINA's session code logs under the name of HIY's subclass of it. */
    private static final Map<String, Level> QUIET = Map.of(
            "org.apache.sshd", Level.WARN,
            "hiy.sshd.DoorSession", Level.WARN,
            "org.eclipse.jgit", Level.WARN,
            "com.github.dockerjava", Level.WARN,
            "org.jooq", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv().getOrDefault("HIY_LOG_LEVEL", "INFO"), Level.INFO));
        root.addAppender(stderr);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
