package io.sqlbackup.bucket;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseInterceptor;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import java.io.IOException;
import java.util.Optional;

/**
 * The client's HTTP transport settings, plus what the client does not expose: the URI of the
 * resumable upload session {@code Storage.writer} opens, so that a failed upload can be cancelled.
 *
 * <p>Why: the only way the client's {@code WriteChannel} ends a session is {@code close()}, and
 * {@code close()} finalises it, publishing whatever was sent so far as a complete object. A
 * failed upload must therefore never be closed; it is abandoned, and cancelling the session
 * ({@code DELETE} on its URI, answered with 499) makes GCS drop the bytes at once instead of
 * keeping them for the session's week-long lifetime.
 *
 * <p>The session is opened synchronously on the thread that calls {@code Storage.writer}, so the
 * URI is handed over through a thread-local. The URI grants access to the upload by itself: it
 * is never logged or put in a message.
 */
final class GcsUploadSessions extends HttpTransportOptions {

    private static final long serialVersionUID = 1L;

    private final transient ThreadLocal<String> opened = new ThreadLocal<>();

    GcsUploadSessions(HttpTransportOptions.Builder transport) {
        super(transport);
    }

    @Override
    public HttpRequestInitializer getHttpRequestInitializer(ServiceOptions<?, ?> serviceOptions) {
        HttpRequestInitializer base = super.getHttpRequestInitializer(serviceOptions);
        return request -> {
            base.initialize(request);
            HttpResponseInterceptor prior = request.getResponseInterceptor();
            request.setResponseInterceptor(response -> {
                if (prior != null) {
                    prior.interceptResponse(response);
                }
                observe(response);
            });
        };
    }

    private void observe(HttpResponse response) {
        HttpRequest request = response.getRequest();
        GenericUrl url = request.getUrl();
        if ("POST".equals(request.getRequestMethod()) && "resumable".equals(url.getFirst("uploadType"))
                && url.getFirst("upload_id") == null && response.isSuccessStatusCode()
                && response.getHeaders().getLocation() != null && opened != null) {
            opened.set(response.getHeaders().getLocation());
        }
    }

    /** Forgets any session this thread opened before; call before {@code Storage.writer}. */
    void reset() {
        opened.remove();
    }

    /** The session this thread's last {@code Storage.writer} call opened, if it was seen. */
    Optional<String> takeOpened() {
        String uri = opened.get();
        opened.remove();
        return Optional.ofNullable(uri);
    }

    /**
     * Cancels an upload session so GCS discards its bytes. Best effort: when it fails (typically
     * because the network that broke the upload is still down) the session expires by itself
     * within a week; either way no object is created.
     *
     * @return whether GCS confirmed the cancellation (or no longer knew the session)
     */
    boolean cancel(String sessionUri, ServiceOptions<?, ?> serviceOptions) throws IOException {
        HttpRequest request = getHttpTransportFactory().create()
                .createRequestFactory(super.getHttpRequestInitializer(serviceOptions))
                .buildDeleteRequest(new GenericUrl(sessionUri));
        request.setThrowExceptionOnExecuteError(false);
        request.setNumberOfRetries(0);
        HttpResponse response = request.execute();
        try {
            int status = response.getStatusCode();
            // 499: cancelled; 404/410: the session is gone already.
            return status == 499 || status == 404 || status == 410 || response.isSuccessStatusCode();
        } finally {
            response.disconnect();
        }
    }
}
