package io.sqlbackup.restore.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The SqlRestore resource type as k8s/base/sqlrestore-crd.yaml defines it. */
public final class SqlRestoreKind {

    public static final String GROUP = "sqlbackup.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "SqlRestore";
    public static final String PLURAL = "sqlrestores";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** How the fabric8 client addresses the resources without a generated Java class. */
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind(KIND).withPlural(PLURAL).withNamespaced(true).build();

    private SqlRestoreKind() {
    }
}
