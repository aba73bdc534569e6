package hiy.hooks;

import org.eclipse.jgit.transport.ReceivePack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines for the pusher, shown by git as "remote: …". Each line is flushed at once so progress is live.
 * Once the pusher is gone every write is dropped: the build itself carries on.
 */
final class PushOutput {
    private final OutputStream out;
    private boolean gone;

    PushOutput(ReceivePack pack) {
        this.out = pack.getMessageOutputStream();
    }

    void step(String text) {
        line("-----> " + text);
    }

    void line(String text) {
        if (gone) return;
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            gone = true;
        }
    }

    boolean gone() {
        return gone;
    }
}
