package io.sqlbackup.testing.gcs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * An HTTP server on 127.0.0.1 that speaks the Google Cloud Storage JSON API the way the
 * google-cloud-storage client uses it, for tests over real HTTP through the real client. Objects
 * are kept in files under a temporary directory, so tests can move tens of megabytes. Faults
 * (error statuses, dropped connections, delays, a wrong reported CRC32C) are set through
 * {@link #faults()}.
 *
 * <pre>
 * try (GcsTestServer gcs = GcsTestServer.start()) {
 *     gcs.bucket("backups");
 *     settings: sqlbackup.bucket=gs://backups/prefix, sqlbackup.gcs.host=gcs.url()
 * }
 * </pre>
 *
 * Requests are printed to standard error when the system property {@code sqlbackup.test.gcs-log}
 * is true.
 */
public final class GcsTestServer implements AutoCloseable {

    /** An object as the server holds it, for assertions. */
    public record ObjectInfo(String name, long size, long generation, long metageneration, String crc32c, String md5,
                             String contentType, Map<String, String> metadata) {
    }

    private final ServerSocket serverSocket;
    private final Path directory;
    private final GcsStore store;
    private final GcsFaults faults = new GcsFaults();
    private final GcsApi api;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new ArrayList<>();
    private final boolean log = Boolean.getBoolean("sqlbackup.test.gcs-log");
    private volatile int maxPageSize = 1000;
    private volatile boolean closed;

    private GcsTestServer() throws IOException {
        directory = Files.createTempDirectory("gcs-test-server-");
        store = new GcsStore(directory);
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        api = new GcsApi(store, faults, this::url, () -> maxPageSize);
        AtomicInteger ids = new AtomicInteger();
        connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gcs-test-server-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        connections.execute(this::acceptLoop);
    }

    public static GcsTestServer start() {
        try {
            return new GcsTestServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the GCS test server", e);
        }
    }

    /** The base URL to give the client as its host (sqlbackup.gcs.host), e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort();
    }

    /**
     * Settings for a client of this server: {@code sqlbackup.bucket} as given, {@code sqlbackup.gcs.host}
     * pointing here, and retry delays short enough for tests. Callers may add to the map.
     */
    public Map<String, String> clientSettings(String location) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("sqlbackup.bucket", location);
        settings.put("sqlbackup.gcs.host", url());
        settings.put("sqlbackup.gcs.retry-delay", "10ms");
        return settings;
    }

    /** Creates a bucket (no-op when it exists). */
    public GcsTestServer bucket(String name) {
        store.createBucket(name);
        return this;
    }

    public GcsFaults faults() {
        return faults;
    }

    /** Caps every list page at this many entries, whatever the client asks, to exercise pagination. */
    public GcsTestServer maxPageSize(int entries) {
        this.maxPageSize = entries;
        return this;
    }

    /** testIamPermissions on the bucket will no longer grant this permission (e.g. storage.objects.create). */
    public GcsTestServer revokePermission(String bucket, String permission) {
        synchronized (store) {
            store.bucket(bucket).revokedPermissions.add(permission);
        }
        return this;
    }

    /** Full names of the live objects in a bucket, sorted. */
    public List<String> objectNames(String bucket) {
        return store.objectNames(bucket);
    }

    /** The object, or null when there is none under that name. */
    public ObjectInfo object(String bucket, String name) {
        synchronized (store) {
            GcsStore.GcsObject o = store.objectOrNull(bucket, name);
            return o == null ? null : new ObjectInfo(o.name, o.size, o.generation, o.metageneration, o.crc32c, o.md5,
                    o.contentType, Map.copyOf(new TreeMap<>(o.metadata)));
        }
    }

    /** The object's bytes (read whole: for assertions on test-sized objects). */
    public byte[] objectBytes(String bucket, String name) {
        Path file;
        synchronized (store) {
            file = store.object(bucket, name, null).file;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores an object directly, as another writer would have. */
    public ObjectInfo putObject(String bucket, String name, byte[] bytes, Map<String, String> metadata) {
        Path data = store.newFile("direct");
        try {
            Files.write(data, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.publish(bucket, name, data, "application/octet-stream", metadata,
                new GcsStore.Preconditions(null, null, null, null));
        return object(bucket, name);
    }

    /** Resumable upload sessions opened and neither finalised nor cancelled. */
    public int openUploadSessions() {
        return store.openSessions();
    }

    /** Resumable upload sessions the client cancelled (DELETE on the session URI). */
    public long cancelledUploadSessions() {
        return store.cancelledSessions();
    }

    /** Every request served so far, as {@code METHOD path?query [Content-Range]}. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("gcs test server: accept failed: " + e);
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    /** Serves the requests of one persistent connection until the client closes it or a fault resets it. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (!closed) {
                WireRequest request = WireRequest.read(in);
                if (request == null) {
                    return;
                }
                record(request);
                WireResponse response;
                try {
                    response = api.handle(request);
                } catch (WireResponse.ConnectionDrop e) {
                    reset(socket);
                    return;
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    request.drain();
                    response = WireResponse.json(500, GcsJson.error(500, "internalError", "test server failure: " + e));
                }
                request.drain();
                try {
                    response.writeTo(out, request.method.equals("HEAD"));
                } catch (WireResponse.ConnectionDrop e) {
                    reset(socket);
                    return;
                }
                if (request.wantsClose()) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException e) {
            if (!closed) {
                System.err.println("gcs test server: connection failed: " + e);
            }
        } finally {
            open.remove(socket);
        }
    }

    private void record(WireRequest request) {
        synchronized (requests) {
            requests.add(request.toString());
        }
        if (log) {
            System.err.println(java.time.LocalTime.now() + " gcs> " + request);
        }
    }

    /** Ends the connection with a TCP reset, as a failing network or load balancer would. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // ignore
        }
        for (Socket socket : open) {
            reset(socket);
        }
        connections.shutdownNow();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
