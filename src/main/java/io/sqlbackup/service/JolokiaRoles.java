package io.sqlbackup.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.AuthorizationProvider;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what over Jolokia, by the role in the users file ({@code user.NAME = PASSWORD,ROLE}):
 * {@value #VIEWER} reads (read, list, search, version), {@value #OPERATOR} also runs operations
 * (backupNow, pauseSchedule, resumeSchedule, restore). The access policy in the jar narrows further
 * what an operator's operations may touch. A user with neither role is refused everything, so a
 * typo in the role cannot hand out more than was meant.
 *
 * <p>Operations are taken only as a POST of JSON (hawtio's way): a GET can be made by any web page
 * the browser shows (an image tag sends no Origin) with a login the browser has cached, and a GET
 * names its call in two places (the path, or the {@code p} parameter when the path is empty), which
 * a request carrying both would let this check and Jolokia read differently.
 *
 * <p>Every operation is logged with the user who ran it: a restore can replace a whole server, and
 * the log is where an operator looks for who asked for it.
 */
final class JolokiaRoles implements Handler<RoutingContext> {

    static final String VIEWER = "viewer";
    static final String OPERATOR = "operator";
    static final Set<String> ROLES = Set.of(VIEWER, OPERATOR);

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaRoles.class);
    private static final Set<String> READS = Set.of("read", "list", "search", "version");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthorizationProvider roles;

    JolokiaRoles(AuthorizationProvider roles) {
        this.roles = roles;
    }

    @Override
    public void handle(RoutingContext request) {
        User user = request.user();
        List<Call> calls;
        if (request.request().method() == HttpMethod.GET) {
            Call call;
            try {
                call = getCall(request);
            } catch (IllegalArgumentException e) {
                refuse(request, 400, e.getMessage());
                return;
            }
            if (!READS.contains(call.type())) {
                LOG.warn("Jolokia: refused {} by {} sent as a GET", call, clean(user.subject()));
                refuse(request, 405, "operations are taken only as a POST of JSON, as hawtio sends them: a GET can come from"
                        + " any web page the browser shows with a cached login");
                return;
            }
            calls = List.of(call);
        } else {
            calls = postCalls(request.body().asString());
        }
        roles.getAuthorizations(user).onComplete(loaded -> {
            if (loaded.failed()) {
                request.fail(loaded.cause());
                return;
            }
            boolean operator = RoleBasedAuthorization.create(OPERATOR).match(user);
            boolean viewer = operator || RoleBasedAuthorization.create(VIEWER).match(user);
            boolean changes = calls.stream().anyMatch(c -> !READS.contains(c.type()));
            String name = clean(user.subject());
            if (!viewer || changes && !operator) {
                String needed = changes ? OPERATOR : VIEWER + " or " + OPERATOR;
                LOG.warn("Jolokia: refused {} by {}, whose role is not {}", calls.size() == 1 ? calls.get(0) : calls, name, needed);
                refuse(request, 403, "user " + name + " may not " + (changes ? "run operations" : "read")
                        + ": that takes the role " + needed + " in sqlbackup.jolokia.users-file");
                return;
            }
            for (Call call : calls) {
                if (!READS.contains(call.type())) {
                    LOG.info("Jolokia: {} asked for {}", name, call);
                }
            }
            request.next();
        });
    }

    private static void refuse(RoutingContext request, int status, String why) {
        request.response().setStatusCode(status).end(why);
    }

    /**
     * The one call of a GET: named by the path after {@code /jolokia} ({@code /read/MBEAN/ATTRIBUTE}),
     * or by the {@code p} parameter when that path is empty; both at once is refused.
     */
    static Call getCall(RoutingContext request) {
        String full = request.normalizedPath();
        int at = full.indexOf("/jolokia");
        String path = (at < 0 ? "" : full.substring(at + "/jolokia".length())).replaceFirst("^/+", "");
        List<String> p = request.queryParam("p");
        if (!p.isEmpty() && (!path.isEmpty() || p.size() > 1)) {
            throw new IllegalArgumentException("a GET names its Jolokia call either in the path or in one p parameter, not both");
        }
        if (!p.isEmpty()) {
            path = p.get(0).replaceFirst("^/+", "");
        }
        String[] parts = path.split("/");
        String type = parts[0].isEmpty() ? "version" : parts[0];
        return new Call(type, parts.length > 1 ? parts[1] : "", parts.length > 2 && "exec".equals(type) ? parts[2] : "");
    }

    /**
     * The calls of a POST: one JSON object or an array of them. What cannot be read as a call counts
     * as an operation, so only an operator's request reaches Jolokia with it (which then refuses it
     * as malformed).
     */
    static List<Call> postCalls(String body) {
        List<Call> calls = new ArrayList<>();
        try {
            JsonNode parsed = JSON.readTree(body);
            for (JsonNode call : parsed.isArray() ? parsed : List.of(parsed)) {
                calls.add(new Call(call.path("type").asText("unknown"), call.path("mbean").asText(""),
                        call.path("operation").asText("")));
            }
        } catch (IOException | RuntimeException e) {
            calls.add(new Call("unreadable", "", ""));
        }
        if (calls.isEmpty()) {
            calls.add(new Call("unreadable", "", ""));
        }
        return calls;
    }

    /** Caller-chosen text for a log line: no line breaks or other control characters to forge entries with. */
    static String clean(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
    }

    /** One Jolokia call: what it does, on which MBean; never its arguments (a restore command's JSON). */
    record Call(String type, String mbean, String operation) {
        @Override
        public String toString() {
            return clean(type) + (mbean.isEmpty() ? "" : " " + clean(mbean)) + (operation.isEmpty() ? "" : " " + clean(operation));
        }
    }
}
