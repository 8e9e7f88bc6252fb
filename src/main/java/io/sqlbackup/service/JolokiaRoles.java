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
 * <p>Every operation is logged with the user who ran it: a restore can replace a whole server, and
 * the log is where an operator looks for who asked for it.
 */
final class JolokiaRoles implements Handler<RoutingContext> {

    static final String VIEWER = "viewer";
    static final String OPERATOR = "operator";

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
        List<Call> calls = calls(request);
        roles.getAuthorizations(user).onComplete(loaded -> {
            if (loaded.failed()) {
                request.fail(loaded.cause());
                return;
            }
            boolean operator = RoleBasedAuthorization.create(OPERATOR).match(user);
            boolean viewer = operator || RoleBasedAuthorization.create(VIEWER).match(user);
            boolean changes = calls.stream().anyMatch(c -> !READS.contains(c.type()));
            if (!viewer || changes && !operator) {
                String name = user.subject();
                LOG.warn("Jolokia: refused {} by {}, whose role is not {}", describe(calls), name, changes ? OPERATOR : VIEWER + " or " + OPERATOR);
                request.response().setStatusCode(403).end("user " + name + " may not " + (changes ? "run operations" : "read")
                        + ": that takes the role " + (changes ? OPERATOR : VIEWER + " or " + OPERATOR) + " in sqlbackup.jolokia.users-file");
                return;
            }
            for (Call call : calls) {
                if (!READS.contains(call.type())) {
                    LOG.info("Jolokia: {} asked for {}", user.subject(), call);
                }
            }
            request.next();
        });
    }

    /**
     * The Jolokia calls in a request: a GET names one in its path ({@code /exec/MBEAN/OPERATION/...},
     * or the {@code p} parameter); a POST carries one JSON object or an array of them. What cannot be
     * read as a call counts as an operation, so only an operator's request reaches Jolokia with it
     * (which then refuses it as malformed).
     */
    static List<Call> calls(RoutingContext request) {
        List<Call> calls = new ArrayList<>();
        if (request.request().method() == HttpMethod.GET) {
            String path = request.request().getParam("p");
            if (path == null) {
                String full = request.normalizedPath();
                int at = full.indexOf("/jolokia");
                path = at < 0 ? "" : full.substring(at + "/jolokia".length());
            }
            String[] parts = path.replaceFirst("^/+", "").split("/");
            String type = parts[0].isEmpty() ? "version" : parts[0];
            calls.add(new Call(type, parts.length > 1 ? parts[1] : "", parts.length > 2 && "exec".equals(type) ? parts[2] : ""));
            return calls;
        }
        try {
            JsonNode body = JSON.readTree(request.body().asString());
            for (JsonNode call : body.isArray() ? body : List.of(body)) {
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

    private static String describe(List<Call> calls) {
        return calls.size() == 1 ? calls.get(0).toString() : calls.toString();
    }

    /** One Jolokia call: what it does, on which MBean; never its arguments (a restore command's JSON). */
    record Call(String type, String mbean, String operation) {
        @Override
        public String toString() {
            return type + (mbean.isEmpty() ? "" : " " + mbean) + (operation.isEmpty() ? "" : " " + operation);
        }
    }
}
