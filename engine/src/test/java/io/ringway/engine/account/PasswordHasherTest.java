package io.ringway.engine.account;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./ringway hash-password}: hashes its one argument, and never a help option or an empty password. */
class PasswordHasherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintAHashThatVerifiesThePassword() {
        assertThat(run("s3cret")).isZero();

        String hash = text(out).strip();
        assertThat(hash).startsWith("pbkdf2-sha256$120000$");
        assertThat(PasswordHasher.verify("s3cret", hash)).isTrue();
        assertThat(text(err)).isEmpty();
    }

    @Test
    void shouldPrintTheUsageForAHelpOptionRatherThanHashIt() {
        assertThat(run("--help")).isZero();
        assertThat(run("-h")).isZero();

        assertThat(text(out)).isEqualTo(PasswordHasher.USAGE + System.lineSeparator()
                + PasswordHasher.USAGE + System.lineSeparator());
        assertThat(text(err)).isEmpty();
    }

    @Test
    void shouldRefuseAnEmptyPasswordAndAMissingOrExtraArgument() {
        assertThat(run("")).isEqualTo(2);
        assertThat(text(err)).isEqualTo("hash-password: the password is empty" + System.lineSeparator()
                + PasswordHasher.USAGE + System.lineSeparator());
        err.reset();
        assertThat(run()).isEqualTo(2);
        assertThat(run("two", "words")).isEqualTo(2);
        assertThat(text(err)).isEqualTo(PasswordHasher.USAGE + System.lineSeparator()
                + PasswordHasher.USAGE + System.lineSeparator());
        assertThat(text(out)).as("nothing hashed").isEmpty();
    }

    private int run(String... args) {
        return PasswordHasher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
