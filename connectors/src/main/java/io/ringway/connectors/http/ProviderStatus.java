package io.ringway.connectors.http;

/**
 * A final delivery status a provider reported for its message {@code providerId}: the receipt {@code stat} word
 * (DELIVRD, UNDELIV, ...) and the provider's numeric error code (0 when it gave none).
 */
record ProviderStatus(String providerId, String stat, int errorCode) {
}
