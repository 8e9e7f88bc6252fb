package io.sqlbackup.bucket;

import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the client's failures into messages an operator can act on: which setting or grant to
 * fix, or that GCS or the network failed and the operation can be retried. Messages carry
 * status codes and GCS's own error text, never credentials.
 */
final class GcsErrors {

    private static final Pattern UPLOAD_ID = Pattern.compile("upload_id=[^&\\s\"']+");
    private static final Pattern JSON_MESSAGE = Pattern.compile(
            "\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final GcsSettings settings;

    GcsErrors(GcsSettings settings) {
        this.settings = settings;
    }

    /**
     * @param doing what was being done, completing "... failed while {doing}", e.g. "uploading X"
     */
    BucketException translate(RuntimeException original, String doing) {
        if (original instanceof BucketException b) {
            return b;
        }
        RuntimeException e = redacted(original);
        String where = settings.describe();
        if (!(e instanceof BaseServiceException service)) {
            return new BucketException(capitalised(doing) + " in " + where + " failed: " + describe(e), e);
        }
        int code = service.getCode();
        String detail = " (HTTP " + code + (service.getMessage() == null ? "" : ": " + summary(service.getMessage())) + ")";
        return switch (code) {
            case 401 -> new BucketException("GCS did not accept the credentials while " + doing + " in " + where + detail
                    + ": check " + GcsSettings.CREDENTIALS_FILE + ", or the Application Default Credentials in use"
                    + " (GOOGLE_APPLICATION_CREDENTIALS, the pod's workload identity)", e);
            case 403 -> new BucketException("the account in use may not do this while " + doing + " in " + where + detail
                    + ": grant it roles/storage.objectAdmin on the bucket " + settings.bucket() + ", or use another"
                    + " account (" + GcsSettings.CREDENTIALS_FILE + ")", e);
            case 404 -> new BucketException("GCS answered 'not found' while " + doing + " in " + where + detail
                    + ": check that the bucket " + settings.bucket() + " exists and that " + BucketLocation.KEY
                    + " names it", e);
            case 0 -> unreachable(e, doing);
            default -> code == 408 || code == 429 || code >= 500
                    ? new BucketException("GCS kept failing while " + doing + " in " + where + detail + " after "
                            + settings.attempts() + " attempts: GCS or the network is in trouble; try again later, or raise "
                            + GcsSettings.RETRIES + " / " + GcsSettings.RETRY_DELAY + " to ride out longer outages", e)
                    : new BucketException(capitalised(doing) + " in " + where + " failed" + detail, e);
        };
    }

    private BucketException unreachable(RuntimeException e, String doing) {
        Throwable io = e.getCause() instanceof IOException ? e.getCause() : e;
        String endpoint = settings.host() != null ? settings.host() + " (" + GcsSettings.HOST + ")" : "storage.googleapis.com";
        String hint;
        if (io instanceof UnknownHostException || io instanceof ConnectException || io instanceof NoRouteToHostException) {
            hint = "check the network, proxy and DNS" + (settings.host() != null ? ", and " + GcsSettings.HOST : "");
        } else if (io instanceof SocketTimeoutException) {
            hint = "GCS did not answer within " + GcsSettings.TIMEOUT + " = " + settings.timeout().toSeconds()
                    + "s; check the network or raise it";
        } else {
            hint = "check the network, and the credentials (" + GcsSettings.CREDENTIALS_FILE + " or the Application"
                    + " Default Credentials) if the cause is about tokens";
        }
        return new BucketException("cannot reach " + endpoint + " while " + doing + " in " + settings.describe()
                + " after " + settings.attempts() + " attempts (" + describe(e) + "): " + hint, e);
    }

    /** The innermost message on one line, which says most; the class name where there is none. */
    static String describe(Throwable e) {
        return oneLine(redact(innermost(e)));
    }

    private static String innermost(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /**
     * The failure itself, or when some message in its chain quotes an upload session URI, a copy
     * of it (same class name in the message, same stack) with the session id removed and no
     * cause, so that logging the exception cannot leak the URI.
     */
    static RuntimeException redacted(RuntimeException e) {
        boolean quotes = false;
        for (Throwable t = e; t != null && !quotes; t = t.getCause() == t ? null : t.getCause()) {
            quotes = t.getMessage() != null && UPLOAD_ID.matcher(t.getMessage()).find();
        }
        if (!quotes) {
            return e;
        }
        RuntimeException copy = e instanceof BaseServiceException service
                ? new StorageException(service.getCode(), redact(innermost(e)))
                : new IllegalStateException(redact(innermost(e)));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /**
     * One line of what GCS said: the "message" of a JSON error body when the client's message
     * quotes one (its messages about upload sessions dump request and response), else the first line.
     */
    static String summary(String message) {
        Matcher json = JSON_MESSAGE.matcher(message);
        return oneLine(redact(json.find() ? json.group(1).replace("\\\"", "\"") : message));
    }

    private static String oneLine(String message) {
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * Removes upload session ids from the client's messages (they quote request URLs): a session
     * URI lets whoever holds it write to the upload without credentials.
     */
    static String redact(String message) {
        return UPLOAD_ID.matcher(message).replaceAll("upload_id=(redacted)");
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
