package hiy.secrets;

/** Seals config values at rest. Values are opened only to start a container. */
public interface Secrets {
    byte[] encrypt(String plaintext);

    String decrypt(byte[] ciphertext);
}
