package io.sqlbackup.bucket;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.sqlbackup.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

/**
 * Builds the google-cloud-storage client (JSON API over HTTP) from {@link GcsSettings}: the
 * credentials, the retry policy and the transport timeouts.
 */
final class GcsClient {

    /** Project id given to a test server or emulator, which does not check it. */
    static final String LOCAL_PROJECT = "sqlbackup-local";
    /** Backoff never grows past this, however many attempts are allowed. */
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(32);

    private GcsClient() {
    }

    /** The client and the transport through which its upload sessions are seen and cancelled. */
    record Connection(Storage storage, GcsUploadSessions sessions) {
    }

    static Connection connect(GcsSettings settings) {
        Credentials credentials = credentials(settings);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        GcsUploadSessions sessions = new GcsUploadSessions(HttpTransportOptions.newBuilder()
                .setConnectTimeout(timeoutMillis)
                .setReadTimeout(timeoutMillis));
        HttpStorageOptions.Builder options = StorageOptions.http()
                .setCredentials(credentials)
                .setRetrySettings(retrySettings(settings))
                .setTransportOptions(sessions);
        if (settings.host() != null) {
            options.setHost(settings.host());
        }
        String project = project(settings, credentials);
        if (project != null) {
            options.setProjectId(project);
        }
        return new Connection(options.build().getService(), sessions);
    }

    /**
     * Every request the client retries (reads, lists, deletes and updates with preconditions,
     * upload session starts with ifGenerationMatch, and each chunk of a resumable upload, which
     * the client resumes from the offset GCS reports as committed) follows this policy: at most
     * {@code attempts} tries, exponential backoff from {@code retryDelay}. The attempt count,
     * not a total time, bounds it.
     */
    static RetrySettings retrySettings(GcsSettings settings) {
        Duration initial = settings.retryDelay();
        Duration max = initial.compareTo(MAX_RETRY_DELAY) > 0 ? initial : MAX_RETRY_DELAY;
        // Long enough for every allowed attempt to time out and back off in full.
        Duration total = max.plus(settings.timeout()).multipliedBy(settings.attempts() + 1L);
        return StorageOptions.getDefaultRetrySettings().toBuilder()
                .setMaxAttempts(settings.attempts())
                .setInitialRetryDelayDuration(initial)
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(max)
                .setTotalTimeoutDuration(total)
                .build();
    }

    private static Credentials credentials(GcsSettings settings) {
        if (settings.credentialsFile() != null) {
            return fromKeyFile(settings);
        }
        if (settings.host() != null) {
            // A test server or emulator: it takes no credentials, and looking for them would fail or wait.
            return NoCredentials.getInstance();
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new ConfigurationException("no Google Cloud credentials were found for " + settings.describe()
                    + ": set " + GcsSettings.CREDENTIALS_FILE + " to a service-account key file, or set the environment"
                    + " variable GOOGLE_APPLICATION_CREDENTIALS, or run where Application Default Credentials exist"
                    + " (GKE workload identity, a GCE service account, `gcloud auth application-default login`)",
                    GcsSettings.CREDENTIALS_FILE);
        }
    }

    private static Credentials fromKeyFile(GcsSettings settings) {
        String key = GcsSettings.CREDENTIALS_FILE;
        java.nio.file.Path file = settings.credentialsFile();
        try (InputStream in = Files.newInputStream(file)) {
            return GoogleCredentials.fromStream(in);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(key + " = " + file + ": there is no such file; give the path of the"
                    + " service account's JSON key", key);
        } catch (AccessDeniedException e) {
            throw new ConfigurationException(key + " = " + file + ": the file cannot be read by this user; fix its"
                    + " permissions", key);
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the file, and the file holds a private key: name the file only.
            throw new ConfigurationException(key + " = " + file + ": the file is not a Google credentials JSON file"
                    + " (expected a service-account key as downloaded from the Cloud console)", key);
        }
    }

    private static String project(GcsSettings settings, Credentials credentials) {
        if (settings.project() != null) {
            return settings.project();
        }
        if (credentials instanceof ServiceAccountCredentials account && account.getProjectId() != null) {
            return account.getProjectId();
        }
        // Without one the client looks the project up in the environment, and on GCE/GKE asks the metadata server.
        return settings.host() != null ? LOCAL_PROJECT : null;
    }
}
