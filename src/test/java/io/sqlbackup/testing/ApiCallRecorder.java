package io.sqlbackup.testing;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A mock API server's dispatcher that notes every call the code under test makes, as the RBAC
 * verb, API group, resource and object name a Role must grant for it. The test's own client marks
 * its requests (see {@link #TEST_CLIENT}), so what it sets up is left out.
 */
public final class ApiCallRecorder extends KubernetesMixedDispatcher {

    private static final String MARK = "X-Sqlbackup-Test-Client";

    /** One call as RBAC sees it; {@code name} is null for a call on the whole collection. */
    public record ApiCall(String verb, String apiGroup, String resource, String name) {
        @Override
        public String toString() {
            return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + (name == null ? "" : " " + name);
        }
    }

    /** Configures a client of the mock server as the test's own: its calls are not recorded. */
    public static final Consumer<KubernetesClientBuilder> TEST_CLIENT = builder -> builder.withHttpClientBuilderConsumer(
            ApiCallRecorder::markAsTest);

    /** Marks the requests of a client's HTTP client as the test's own (for a builder configured further). */
    public static void markAsTest(io.fabric8.kubernetes.client.http.HttpClient.Builder http) {
        http.addOrReplaceInterceptor("sqlbackup-test-client", new Interceptor() {
            @Override
            public void before(BasicBuilder request, HttpRequest original, RequestTags tags) {
                request.setHeader(MARK, "1");
            }
        });
    }

    private final Set<ApiCall> calls = ConcurrentHashMap.newKeySet();

    public ApiCallRecorder(Map<ServerRequest, Queue<ServerResponse>> responses) {
        super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (request.getHeader(MARK) == null) {
            ApiCall call = parse(request.getMethod(), request.getPath());
            if (call != null) {
                calls.add(call);
            }
        }
        return super.dispatch(request);
    }

    /** What the code under test has called so far. */
    public Set<ApiCall> calls() {
        return Set.copyOf(calls);
    }

    /**
     * A request as RBAC names it: {@code GET /apis/coordination.k8s.io/v1/namespaces/ns/leases/x} is
     * get on coordination.k8s.io leases x; a GET of a collection is list, or watch with
     * {@code watch=true}; a path that is no resource (discovery, version) gives null.
     */
    static ApiCall parse(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        String[] p = path.replaceFirst("^/", "").split("/");
        String group;
        int at;
        if (p.length >= 2 && p[0].equals("api")) {
            group = "";
            at = 2;
        } else if (p.length >= 3 && p[0].equals("apis")) {
            group = p[1];
            at = 3;
        } else {
            return null;
        }
        if (p.length > at + 1 && p[at].equals("namespaces")) {
            at += 2;
        }
        if (p.length <= at) {
            return null;
        }
        String resource = p[at];
        String name = p.length > at + 1 ? p[at + 1] : null;
        if (p.length > at + 2) {
            resource = resource + "/" + p[at + 2];
        }
        String verb = switch (method) {
            case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return new ApiCall(verb, group, resource, name);
    }
}
