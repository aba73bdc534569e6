package hiy.sshd;

/** Who is on the other end of a session: resolved once from the key at authentication time. */
public record Identity(String user, boolean admin, String fingerprint) {
}
