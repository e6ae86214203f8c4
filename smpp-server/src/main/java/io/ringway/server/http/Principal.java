package io.ringway.server.http;

/**
 * Who an API request acts for: an account, or the operator (who may administer every account but sends no
 * messages of its own).
 *
 * @param account  the account's system_id; {@code null} for the operator
 * @param operator true for the operator
 */
record Principal(String account, boolean operator) {
    static final Principal OPERATOR = new Principal(null, true);

    static Principal account(String systemId) {
        return new Principal(systemId, false);
    }
}
