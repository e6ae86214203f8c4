package io.ringway.connectors.http;

/**
 * What a provider's 2xx answer to a send request says about the message ({@link ProviderProfile#sendAnswer}):
 * taken under the provider's {@code id}; refused at once with the provider's {@code error} code (a provider that
 * answers 200 for a request it did not send, as Infobip does with a REJECTED status); to be made again later; or
 * neither readable.
 */
record SendAnswer(String id, int error) {
    /** An answer that names no message id and no refusal: the message fails with the HTTP status. */
    static final SendAnswer UNREADABLE = new SendAnswer(null, 0);
    /** The provider took nothing and asks for the request again later, as with a 503. */
    static final SendAnswer TRY_AGAIN = new SendAnswer(null, -1);

    static SendAnswer accepted(String id) {
        return id == null ? UNREADABLE : new SendAnswer(id, 0);
    }

    static SendAnswer refused(int error) {
        return new SendAnswer(null, error);
    }

    boolean isRefusal() {
        return id == null && error > 0;
    }
}
