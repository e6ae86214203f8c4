package io.ringway.engine.account;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountsSnapshotTest {
    private static final String PASSWORD_HASH = PasswordHasher.hash("s3cret", 1000);
    private static final String OTHER_PASSWORD_HASH = PasswordHasher.hash("other", 1000);
    private static final String API_KEY_HASH = PasswordHasher.hash("key-1", 1000);

    @Test
    void shouldRestoreEveryAccountWithItsRulesKeysAndLimits() throws Exception {
        Accounts original = accounts();
        byte[] bytes = write(original);

        Accounts restored = new Accounts();
        restored.readSnapshot(input(bytes));

        assertThat(write(restored)).as("written again byte for byte").isEqualTo(bytes);
        assertThat(restored.all()).containsExactlyInAnyOrderElementsOf(original.all());
        assertThat(outcomes(restored)).isEqualTo(outcomes(original)).containsExactly(
                "OK", "WRONG_PASSWORD", "ADDRESS_NOT_ALLOWED", "OK", "ADDRESS_NOT_ALLOWED", "OK", "OK",
                "UNKNOWN_SYSTEM_ID", "api", null, "true", "2", "5", "0");
    }

    @Test
    void shouldAddReplaceAndRemoveAccountsToMatchTheSnapshot() throws Exception {
        byte[] bytes = write(accounts());
        Accounts target = new Accounts();
        target.add(new Account("acme", PASSWORD_HASH, 2, List.of(AddressRule.parse("10.1.0.0/16"))));
        target.add(new Account("plain", OTHER_PASSWORD_HASH, 1, List.of()));
        target.add(new Account("gone", PASSWORD_HASH, 1, List.of()));
        InetAddress inside = InetAddress.getByName("10.1.2.3");
        assertThat(target.authenticate("acme", "s3cret", inside)).isEqualTo(Accounts.Authentication.OK);
        assertThat(target.authenticate("plain", "other", null)).isEqualTo(Accounts.Authentication.OK);
        assertThat(target.authenticate("gone", "s3cret", null)).isEqualTo(Accounts.Authentication.OK);

        target.readSnapshot(input(bytes));

        assertThat(write(target)).isEqualTo(bytes);
        assertThat(target.find("gone")).as("not in the snapshot").isNull();
        assertThat(target.authenticateIfCached("gone", "s3cret", null)).isNull();
        assertThat(target.authenticateIfCached("acme", "s3cret", inside)).as("unchanged: still verified")
                .isEqualTo(Accounts.Authentication.OK);
        assertThat(target.authenticateIfCached("plain", "other", null)).as("its password changed").isNull();
        assertThat(target.authenticate("plain", "other", null)).isEqualTo(Accounts.Authentication.WRONG_PASSWORD);
        assertThat(target.authenticate("plain", "s3cret", null)).isEqualTo(Accounts.Authentication.OK);
        assertThat(target.authenticateApiKey("key-1")).isEqualTo("api");
    }

    @Test
    void shouldRestoreAnEmptyTable() throws Exception {
        byte[] bytes = write(new Accounts());
        Accounts target = accounts();

        target.readSnapshot(input(bytes));

        assertThat(target.all()).isEmpty();
        assertThat(write(target)).isEqualTo(bytes);
    }

    @Test
    void shouldFailOnATruncatedOrCorruptedSnapshotAndLeaveTheTableAsItWas() throws Exception {
        byte[] bytes = write(accounts());
        for (int length = 0; length < bytes.length; length++) {
            Accounts target = new Accounts();
            target.add(new Account("gone", PASSWORD_HASH, 1, List.of()));
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> target.readSnapshot(input(truncated)))
                    .as("cut at %d of %d", length, bytes.length).isInstanceOf(IOException.class);
            assertThat(target.all()).extracting(Account::systemId).containsExactly("gone");
        }
        byte[] corrupted = bytes.clone();
        corrupted[3] ^= 0x01;
        assertThatThrownBy(() -> new Accounts().readSnapshot(input(corrupted)))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("accounts");
    }

    /** Accounts with every kind of field: CIDR rules of both families, an API key, TLS only, a rate limit. */
    private static Accounts accounts() {
        Accounts accounts = new Accounts();
        accounts.add(new Account("acme", PASSWORD_HASH, 2, List.of(AddressRule.parse("10.1.0.0/16"))));
        accounts.add(new Account("plain", PASSWORD_HASH, 1, List.of()));
        accounts.add(new Account("api", PASSWORD_HASH, 3,
                List.of(AddressRule.parse("192.168.1.7"), AddressRule.parse("2001:db8::/32")), API_KEY_HASH, true,
                5));
        accounts.add(new Account("zeta", PASSWORD_HASH, 0, List.of(AddressRule.parse("0.0.0.0/0"))));
        return accounts;
    }

    /** What binds and API calls get, and the limits the edges read. */
    private static List<String> outcomes(Accounts accounts) throws Exception {
        List<String> outcomes = new ArrayList<>();
        outcomes.add(accounts.authenticate("acme", "s3cret", InetAddress.getByName("10.1.2.3")).name());
        outcomes.add(accounts.authenticate("acme", "wrong", InetAddress.getByName("10.1.2.3")).name());
        outcomes.add(accounts.authenticate("acme", "s3cret", InetAddress.getByName("10.2.0.1")).name());
        outcomes.add(accounts.authenticate("api", "s3cret", InetAddress.getByName("2001:db8::1")).name());
        outcomes.add(accounts.authenticate("api", "s3cret", InetAddress.getByName("2001:db9::1")).name());
        outcomes.add(accounts.authenticate("plain", "s3cret", InetAddress.getByName("172.16.0.1")).name());
        outcomes.add(accounts.authenticate("zeta", "s3cret", InetAddress.getByName("8.8.8.8")).name());
        outcomes.add(accounts.authenticate("nobody", "s3cret", null).name());
        outcomes.add(accounts.authenticateApiKey("key-1"));
        outcomes.add(accounts.authenticateApiKey("key-2"));
        outcomes.add(String.valueOf(accounts.find("api").requireTls()));
        outcomes.add(String.valueOf(accounts.find("acme").maxBinds()));
        outcomes.add(String.valueOf(accounts.find("api").maxTps()));
        outcomes.add(String.valueOf(accounts.find("zeta").maxBinds()));
        return outcomes;
    }

    private static byte[] write(Accounts accounts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        accounts.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static SnapshotInput input(byte[] bytes) {
        return new SnapshotInput(new ByteArrayInputStream(bytes));
    }
}
