package io.sqlbackup.bucket;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how to reach a Google Cloud Storage bucket: {@code sqlbackup.bucket = gs://BUCKET/PREFIX}
 * and the {@code sqlbackup.gcs.*} keys, validated before anything is contacted.
 *
 * @param bucket          bucket name
 * @param prefix          object name prefix without leading or trailing {@code /}; empty for the bucket's top level
 * @param host            another endpoint than Google's (a test server or emulator), or null
 * @param project         the Google Cloud project, or null to take it from the credentials or environment
 * @param credentialsFile a service-account key file, or null for Application Default Credentials
 * @param chunkSize       bytes per resumable upload request; also the memory an upload holds
 * @param attempts        tries per request, the first included
 * @param retryDelay      wait before the first retry; doubled on each further one
 * @param timeout         connect and read timeout of one HTTP request
 */
public record GcsSettings(String bucket, String prefix, String host, String project, Path credentialsFile, int chunkSize,
                          int attempts, Duration retryDelay, Duration timeout) {

    public static final String HOST = "sqlbackup.gcs.host";
    public static final String PROJECT = "sqlbackup.gcs.project";
    public static final String CREDENTIALS_FILE = "sqlbackup.gcs.credentials-file";
    public static final String CHUNK_SIZE = "sqlbackup.gcs.chunk-size";
    public static final String RETRIES = "sqlbackup.gcs.retries";
    public static final String RETRY_DELAY = "sqlbackup.gcs.retry-delay";
    public static final String TIMEOUT = "sqlbackup.gcs.timeout";

    /** GCS accepts resumable upload requests (all but the last) only in multiples of this. */
    public static final int UPLOAD_UNIT = 256 * 1024;
    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
    /** Bounded so one upload's buffer cannot take an unreasonable share of the heap. */
    public static final int MAX_CHUNK_SIZE = 512 * 1024 * 1024;
    public static final int DEFAULT_ATTEMPTS = 6;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final String KEY = BucketLocation.KEY;
    private static final Pattern LOCATION = Pattern.compile("gs://([^/]*)(?:/(.*))?");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    /** Room left for the object name itself within GCS's 1024-byte name limit. */
    private static final int MAX_PREFIX_BYTES = 900;

    /** Reads {@code sqlbackup.bucket} (which must be a gs:// URL) and the sqlbackup.gcs.* keys. */
    public static GcsSettings from(Settings settings) {
        String location = settings.require(KEY, "the bucket");
        Matcher m = LOCATION.matcher(location);
        if (!m.matches()) {
            throw bad(location, "write it as gs://BUCKET or gs://BUCKET/PREFIX");
        }
        String bucket = m.group(1);
        checkBucketName(location, bucket);
        String prefix = checkPrefix(location, m.group(2) == null ? "" : m.group(2));
        return new GcsSettings(bucket, prefix, host(settings), settings.get(PROJECT), credentialsFile(settings),
                chunkSize(settings), attempts(settings), duration(settings, RETRY_DELAY, DEFAULT_RETRY_DELAY, Duration.ZERO),
                duration(settings, TIMEOUT, DEFAULT_TIMEOUT, Duration.ofMillis(1)));
    }

    /** {@code gs://BUCKET/PREFIX}, or {@code gs://BUCKET} without a prefix. */
    public String describe() {
        return "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** The full GCS object name of a bucket-level name. */
    String objectName(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The list prefix that selects objects directly under ours. */
    String listPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /**
     * GCS bucket naming rules: 3-63 characters (up to 222 with dots, each dot-separated part at
     * most 63) of lower-case letters, digits, '-', '_' and '.', starting and ending with a letter
     * or digit, not an IP address, not starting with "goog" nor containing "google".
     */
    private static void checkBucketName(String location, String bucket) {
        if (bucket.isEmpty()) {
            throw bad(location, "the bucket name is missing: write it as gs://BUCKET or gs://BUCKET/PREFIX");
        }
        String problem = null;
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            problem = "a bucket name has only lower-case letters, digits, '-', '_' and '.', and starts and ends with a letter or digit";
        } else if (bucket.length() < 3 || bucket.length() > (bucket.contains(".") ? 222 : 63)) {
            problem = "a bucket name is 3 to 63 characters long (222 with dots)";
        } else if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            problem = "the dot-separated parts of a bucket name must be non-empty and must not begin or end with '-'";
        } else if (Arrays.stream(bucket.split("\\.")).anyMatch(part -> part.length() > 63)) {
            problem = "each dot-separated part of a bucket name is at most 63 characters";
        } else if (IP_ADDRESS.matcher(bucket).matches()) {
            problem = "a bucket name cannot be an IP address";
        } else if (bucket.startsWith("goog") || bucket.contains("google")) {
            problem = "a bucket name cannot start with 'goog' or contain 'google'";
        }
        if (problem != null) {
            throw bad(location, "'" + bucket + "' is not a valid bucket name: " + problem);
        }
    }

    /** Accepts {@code a/b/c} (a trailing '/' is dropped); refuses empty, '.' and '..' parts and URL syntax. */
    private static String checkPrefix(String location, String raw) {
        if (raw.isEmpty()) {
            return "";
        }
        String prefix = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || "?#*[]\\".indexOf(c) >= 0) {
                throw bad(location, "the prefix contains " + printable(c) + ": write it as DIR or DIR/SUBDIR, without"
                        + " query, fragment, wildcard, backslash, space or control characters");
            }
        }
        for (String part : prefix.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw bad(location, "the prefix has an empty, '.' or '..' part: write it as gs://BUCKET/DIR/SUBDIR");
            }
        }
        if (prefix.getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES) {
            throw bad(location, "the prefix is longer than " + MAX_PREFIX_BYTES + " bytes; GCS object names are at most 1024");
        }
        return prefix;
    }

    private static String printable(char c) {
        if (c < 0x20 || c == 0x7f) {
            return "a control character";
        }
        return Character.isWhitespace(c) ? "a space" : "'" + c + "'";
    }

    private static ConfigurationException bad(String location, String what) {
        return new ConfigurationException(KEY + " = '" + location + "' is not a usable GCS location: " + what, KEY);
    }

    private static String host(Settings settings) {
        String host = settings.get(HOST);
        if (host == null) {
            return null;
        }
        try {
            URI uri = new URI(host);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                throw new URISyntaxException(host, "not scheme://host[:port]");
            }
        } catch (URISyntaxException e) {
            throw new ConfigurationException(HOST + " = '" + host + "' is not an endpoint: write it as http://HOST:PORT or"
                    + " https://HOST (leave it unset for Google Cloud Storage itself)", HOST);
        }
        return host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
    }

    private static Path credentialsFile(Settings settings) {
        String file = settings.get(CREDENTIALS_FILE);
        return file == null ? null : Path.of(file);
    }

    private static int chunkSize(Settings settings) {
        long size = settings.getBytes(CHUNK_SIZE, DEFAULT_CHUNK_SIZE);
        if (size % UPLOAD_UNIT != 0 || size > MAX_CHUNK_SIZE) {
            throw new ConfigurationException(CHUNK_SIZE + " = '" + settings.get(CHUNK_SIZE) + "' cannot be used: GCS takes"
                    + " upload chunks in multiples of 256KB, and at most " + (MAX_CHUNK_SIZE >> 20) + "MB is allowed here"
                    + " (e.g. 8MB, 16MB, 64MB)", CHUNK_SIZE);
        }
        return (int) size;
    }

    private static int attempts(Settings settings) {
        String value = settings.get(RETRIES);
        if (value == null) {
            return DEFAULT_ATTEMPTS;
        }
        try {
            int attempts = Integer.parseInt(value);
            if (attempts >= 1 && attempts <= 100) {
                return attempts;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(RETRIES + " = '" + value + "' is not a number of attempts: use 1 (no retry) to 100",
                RETRIES);
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, a bare number of seconds, or ISO-8601 ({@code PT1.5S}). */
    static Duration duration(Settings settings, String key, Duration fallback, Duration minimum) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        Duration parsed = null;
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            parsed = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } else if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (parsed == null || parsed.isNegative() || parsed.compareTo(minimum) < 0) {
            throw new ConfigurationException(key + " = '" + value + "' is not a duration: use e.g. 500ms, 2s or 1m"
                    + (minimum.isZero() ? "" : " (more than zero)"), key);
        }
        return parsed;
    }

    @Override
    public String toString() {
        // Only the key file's path, never its contents.
        return "GcsSettings{" + describe() + (host == null ? "" : ", host=" + host) + ", chunkSize=" + chunkSize
                + ", attempts=" + attempts + "}";
    }
}
