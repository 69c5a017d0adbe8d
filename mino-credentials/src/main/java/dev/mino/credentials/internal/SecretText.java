package dev.mino.credentials.internal;

import java.util.Collection;

/**
 * Cleans text that came from outside (an HTTP error body, a CLI's stderr) before it goes into an
 * exception message: known secret values are replaced and the text is kept short, because such
 * messages end up in terminals, logs and issue reports.
 */
public final class SecretText {
    private static final int MAX_LENGTH = 400;
    private static final String MASK = "****";

    private SecretText() {
    }

    /**
     * The text with every occurrence of a secret masked, whitespace collapsed and clipped.
     *
     * @param text the text, may be null
     * @param secrets values that must not appear; nulls and very short values are ignored
     */
    public static String clean(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String cleaned = text;
        for (String secret : secrets) {
            // One- to three-character "secrets" would mask ordinary words; real ones are longer.
            if (secret != null && secret.length() >= 4) {
                cleaned = cleaned.replace(secret, MASK);
            }
        }
        cleaned = cleaned.replaceAll("\\s+", " ").strip();
        return cleaned.length() <= MAX_LENGTH ? cleaned : cleaned.substring(0, MAX_LENGTH) + "...";
    }
}
