package hiy.sshd;

import org.apache.sshd.server.StandardEnvironment;
import org.apache.sshd.server.channel.ChannelSession;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever a command throws, its client gets one line saying it is HIY's fault: no class, no message, no trace. */
class StreamCommandTest {
    @Test
    void aThrownExceptionOrErrorReachesTheClientAsAPlainMessage() throws Exception {
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try {
            for (Throwable thrown : List.of(new IllegalStateException("cannot read /var/lib/hiy/age-identity.txt"),
                    new StackOverflowError())) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                CompletableFuture<Integer> exit = new CompletableFuture<>();
                StreamCommand command = new StreamCommand(workers) {
                    @Override
                    protected int run(ChannelSession channel, Pty pty) throws Exception {
                        if (thrown instanceof Error e) throw e;
                        throw (Exception) thrown;
                    }
                };
                command.setInputStream(new ByteArrayInputStream(new byte[0]));
                command.setOutputStream(out);
                command.setErrorStream(err);
                command.setExitCallback((status, message, closeImmediately) -> exit.complete(status));
                command.start(null, new StandardEnvironment());

                assertEquals(SshCommand.FAILURE, exit.get(10, TimeUnit.SECONDS));
                String text = err.toString(StandardCharsets.UTF_8);
                assertTrue(text.startsWith("HIY failed while running the command; this is HIY's fault"), text);
                assertFalse(text.contains("age-identity") || text.contains("Exception") || text.contains("Error")
                        || text.contains("\tat "), text);
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
