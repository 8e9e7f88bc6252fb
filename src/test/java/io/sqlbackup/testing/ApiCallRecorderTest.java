package io.sqlbackup.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sqlbackup.testing.ApiCallRecorder.ApiCall;
import org.junit.jupiter.api.Test;

/** Requests named as RBAC names them, so the recorded calls can be held against the Roles. */
class ApiCallRecorderTest {

    @Test
    void requestsAreNamedByVerbGroupResourceAndName() {
        assertEquals(new ApiCall("get", "coordination.k8s.io", "leases", "sqlbackup-backup-one"),
                ApiCallRecorder.parse("GET", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/sqlbackup-backup-one"));
        assertEquals(new ApiCall("update", "coordination.k8s.io", "leases", "x"),
                ApiCallRecorder.parse("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/x"));
        assertEquals(new ApiCall("create", "coordination.k8s.io", "leases", null),
                ApiCallRecorder.parse("POST", "/apis/coordination.k8s.io/v1/namespaces/ns/leases"));
        assertEquals(new ApiCall("list", "", "pods", null),
                ApiCallRecorder.parse("GET", "/api/v1/namespaces/ns/pods?labelSelector=app.kubernetes.io%2Fname%3Dsqlbackup"));
        assertEquals(new ApiCall("watch", "sqlbackup.io", "sqlrestores", null),
                ApiCallRecorder.parse("GET", "/apis/sqlbackup.io/v1/namespaces/ns/sqlrestores?allowWatchBookmarks=true&watch=true"));
        assertEquals(new ApiCall("patch", "sqlbackup.io", "sqlrestores/status", "r"),
                ApiCallRecorder.parse("PATCH", "/apis/sqlbackup.io/v1/namespaces/ns/sqlrestores/r/status"));
        assertEquals(new ApiCall("get", "", "secrets", "backup-openssl-key"),
                ApiCallRecorder.parse("GET", "/api/v1/namespaces/ns/secrets/backup-openssl-key"));
        assertNull(ApiCallRecorder.parse("GET", "/version"));
        assertNull(ApiCallRecorder.parse("GET", "/apis"));
    }
}
