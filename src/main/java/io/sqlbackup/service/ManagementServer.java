package io.sqlbackup.service;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import io.sqlbackup.SqlBackupException;
import io.vertx.ext.auth.properties.PropertyFileAuthentication;
import io.vertx.ext.auth.properties.PropertyFileAuthorization;
import io.vertx.ext.web.handler.BasicAuthHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.DefaultJolokiaPlatformHttpPlugin;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Settles Camel's management server ({@code camel.management.*}: health, metrics, Jolokia) for this
 * process, and guards its Jolokia. Only the service serves it: one-shot commands run beside a service
 * on the same host and must not take its port. Jolokia can run operations (backupNow, restore), so
 * it is on only with authentication: {@value #USERS_FILE} names the users (Vert.x properties format,
 * {@code user.NAME = PASSWORD,ROLE}); the role says whether a user may only read or also run
 * operations ({@link JolokiaRoles}), and the access policy {@code jolokia-access.xml} in the jar
 * bounds what anyone may touch.
 *
 * <p>Jolokia is mounted here, behind our own basic-auth handler, rather than switched on with
 * {@code camel.management.jolokia-enabled} and {@code camel.management.authentication-path}: in Camel
 * 4.14 a set authentication path is replaced by {@code /*} (the emptiness test is inverted), which
 * would put the kubelet's probes and Prometheus behind the password too; and mounting it ourselves
 * means it is never reachable before the guard is in place. The route also reads the request body,
 * which Camel's own Jolokia route does not, so POST (hawtio's way of calling) works.
 */
final class ManagementServer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagementServer.class);

    static final String USERS_FILE = "sqlbackup.jolokia.users-file";
    private static final String JOLOKIA_PATH = "/observe/jolokia";
    /** Jolokia requests are small JSON documents; anything larger is refused before it is read. */
    private static final long MAX_REQUEST_BYTES = 1024 * 1024;
    private static final java.util.regex.Pattern LOCAL_ORIGIN =
            java.util.regex.Pattern.compile("https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?");

    private ManagementServer() {
    }

    static void configure(Settings settings, boolean service, Properties camel) {
        if (!service) {
            camel.setProperty("camel.management.enabled", "false");
            return;
        }
        usersFile(settings);
        if ("true".equals(settings.get("camel.management.enabled", "false"))) {
            requirePortFree(settings);
        }
        camel.setProperty("camel.management.jolokia-enabled", "false");
        camel.setProperty("camel.management.authentication-enabled", "false");
    }

    /**
     * Camel's management server only logs a warning when its port is taken and the service would run
     * on without probes or metrics: the kubelet would restart it for failed probes with no hint why, and
     * on one machine nothing would notice. Checked before anything starts instead, with the port named.
     */
    private static void requirePortFree(Settings settings) {
        String host = settings.get("camel.management.host", "0.0.0.0");
        String portText = settings.get("camel.management.port", "8080");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("camel.management.port = " + portText + " is not a port number", "camel.management.port");
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new ConfigurationException("the management port " + host + ":" + port + " cannot be opened (" + e.getMessage()
                    + "): another process uses it (another sqlbackup run?); set camel.management.port to a free port, or"
                    + " camel.management.enabled=false to run without health, metrics and Jolokia", "camel.management.port", e);
        }
    }

    /** After Camel started its management server: serves Jolokia there, behind basic authentication. */
    static void mountJolokia(Settings settings, CamelContext context) {
        Path users = usersFile(settings);
        if (users == null || !"true".equals(settings.get("camel.management.enabled", "false"))) {
            return;
        }
        int port = Integer.parseInt(settings.get("camel.management.port", "8080"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new SqlBackupException("the management server on port " + port + " did not start, so Jolokia cannot be"
                    + " guarded; check camel.management.* in the log above");
        }
        DefaultJolokiaPlatformHttpPlugin jolokia = new DefaultJolokiaPlatformHttpPlugin();
        jolokia.setCamelContext(context);
        try {
            // the context stops it with itself
            context.addService(jolokia, true, true);
        } catch (Exception e) {
            throw new SqlBackupException("Jolokia did not start: " + e.getMessage(), USERS_FILE, e);
        }
        @SuppressWarnings("unchecked")
        Handler<RoutingContext> requests = (Handler<RoutingContext>) jolokia.getHandler();
        warnOfUsersWithoutARole(users);
        PropertyFileAuthentication accounts = PropertyFileAuthentication.create(router.vertx(), users.toAbsolutePath().toString());
        router.route(JOLOKIA_PATH + "*").method(HttpMethod.GET).method(HttpMethod.POST)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_REQUEST_BYTES))
                .handler(BasicAuthHandler.create(accounts, "sqlbackup"))
                .handler(ManagementServer::refuseCrossSite)
                .handler(new JolokiaRoles(PropertyFileAuthorization.create(router.vertx(), users.toAbsolutePath().toString())))
                // JMX calls block; ordered, as Camel runs its own Jolokia route
                .blockingHandler(requests)
                // a refused login is an answer (401 with the challenge), not an error to log
                .failureHandler(failed -> {
                    if (!failed.response().ended()) {
                        failed.response().setStatusCode(failed.statusCode() > 0 ? failed.statusCode() : 500).end();
                    }
                });
    }

    /**
     * A user whose role is neither viewer nor operator (an older file's {@code admin}, a typo) is
     * refused every request; said once at start, so a hawtio that suddenly gets 403 has its answer
     * in the log. Only names and roles are read out, never the passwords.
     */
    private static void warnOfUsersWithoutARole(Path users) {
        Properties lines = new Properties();
        try (java.io.Reader r = Files.newBufferedReader(users)) {
            lines.load(r);
        } catch (java.io.IOException e) {
            throw new ConfigurationException(USERS_FILE + " = " + users + " cannot be read: " + e.getMessage(), USERS_FILE, e);
        }
        for (String key : new java.util.TreeSet<>(lines.stringPropertyNames())) {
            if (!key.startsWith("user.")) {
                continue;
            }
            String[] fields = lines.getProperty(key).split(",");
            java.util.List<String> roles = java.util.Arrays.stream(fields).skip(1).map(String::trim).toList();
            if (roles.stream().noneMatch(JolokiaRoles.ROLES::contains)) {
                LOG.warn("Jolokia user {} has the role(s) {}, neither viewer nor operator: every request of theirs is refused;"
                        + " give them viewer (reads) or operator (also operations) in {}", key.substring(5), roles, users);
            }
        }
    }

    /**
     * A browser that has the basic-auth login cached (hawtio through kubectl port-forward) would send
     * it with a cross-site POST from any web page too: a request whose Origin is not this machine is
     * refused with a 403 that says so. (Jolokia refuses such a request too, but under Camel 4.14's
     * plugin as an opaque HTTP 500; and its CORS settings in jolokia-access.xml break every request.)
     * hawtio's proxy, curl and scrapers send no Origin.
     */
    private static void refuseCrossSite(RoutingContext request) {
        String origin = request.request().getHeader("Origin");
        if (origin == null || LOCAL_ORIGIN.matcher(origin).matches()) {
            request.next();
        } else {
            request.response().setStatusCode(403).end("cross-site requests are refused; connect through hawtio or a local port-forward");
        }
    }

    private static Path usersFile(Settings settings) {
        String users = settings.get(USERS_FILE);
        if (users == null) {
            return null;
        }
        Path file = Path.of(users);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigurationException(USERS_FILE + " = " + users + " is not a readable file: it holds the Jolokia users"
                    + " (lines user.NAME = PASSWORD,ROLE with ROLE viewer or operator); mount it or leave the key empty to serve no Jolokia", USERS_FILE);
        }
        return file;
    }
}
