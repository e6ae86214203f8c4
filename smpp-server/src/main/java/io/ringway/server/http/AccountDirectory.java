package io.ringway.server.http;

import io.ringway.config.AccountApiConfig;
import io.ringway.config.AccountConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP settings of each configured account (API key, webhook secret, default callback, access log, rate
 * limit). Accounts created at run time over the API have none of these: {@link AccountApiConfig#NONE}.
 * Immutable after construction, so any thread may read it.
 */
final class AccountDirectory {
    private final Map<String, AccountApiConfig> byAccount = new HashMap<>();

    AccountDirectory(List<AccountConfig> accounts) {
        accounts.forEach(account -> byAccount.put(account.systemId(), account.api()));
    }

    AccountApiConfig of(String account) {
        AccountApiConfig config = account == null ? null : byAccount.get(account);
        return config == null ? AccountApiConfig.NONE : config;
    }
}
