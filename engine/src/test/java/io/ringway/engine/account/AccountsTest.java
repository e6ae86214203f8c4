package io.ringway.engine.account;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountsTest {
    private static final String HASH = PasswordHasher.hash("s3cret", 1000);

    @Test
    void shouldStoreOnlyAHashAndVerifyIt() {
        assertThat(HASH).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
        assertThat(PasswordHasher.verify("s3cret", HASH)).isTrue();
        assertThat(PasswordHasher.verify("s3cre", HASH)).isFalse();
        assertThat(PasswordHasher.verify("s3cret", "garbage")).isFalse();
    }

    @Test
    void shouldAuthenticateBySystemIdPasswordAndAddress() throws Exception {
        Accounts accounts = new Accounts();
        accounts.add(new Account("acme", HASH, 2, List.of(AddressRule.parse("10.1.0.0/16"))));
        InetAddress inside = InetAddress.getByName("10.1.2.3");
        InetAddress outside = InetAddress.getByName("10.2.0.1");

        assertThat(accounts.authenticate("acme", "s3cret", inside)).isEqualTo(Accounts.Authentication.OK);
        assertThat(accounts.authenticate("acme", "s3cret", inside)).as("cached path").isEqualTo(Accounts.Authentication.OK);
        assertThat(accounts.authenticate("acme", "wrong", inside)).isEqualTo(Accounts.Authentication.WRONG_PASSWORD);
        assertThat(accounts.authenticate("acme", "s3cret", outside)).isEqualTo(Accounts.Authentication.ADDRESS_NOT_ALLOWED);
        assertThat(accounts.authenticate("other", "s3cret", inside)).isEqualTo(Accounts.Authentication.UNKNOWN_SYSTEM_ID);
    }

    @Test
    void shouldMatchAddressRules() throws Exception {
        assertThat(AddressRule.parse("192.168.1.7").matches(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(AddressRule.parse("192.168.1.7").matches(InetAddress.getByName("192.168.1.8"))).isFalse();
        assertThat(AddressRule.parse("172.16.0.0/12").matches(InetAddress.getByName("172.31.255.1"))).isTrue();
        assertThat(AddressRule.parse("172.16.0.0/12").matches(InetAddress.getByName("172.32.0.1"))).isFalse();
        assertThat(AddressRule.parse("::1").matches(InetAddress.getByName("::1"))).isTrue();
        assertThat(AddressRule.parse("::1").matches(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThatThrownBy(() -> AddressRule.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressRule.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
