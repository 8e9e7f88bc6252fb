package io.sqlbackup.restore.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sqlbackup.restore.BadRestoreCommandException;
import io.sqlbackup.restore.RestoreCommand;
import java.util.Map;

/**
 * A SqlRestore's spec as a {@link RestoreCommand}. The spec is read as the same JSON document every
 * other source sends, so it is checked by the same rules (unknown fields and targets, wrong types,
 * database names): the CRD's schema says much of this too, but a resource created under an older
 * CRD, or with validation off, must not slip through.
 */
final class SqlRestoreSpec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqlRestoreSpec() {
    }

    /** @throws BadRestoreCommandException when the spec is not a command that can run */
    static RestoreCommand commandOf(GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        if (spec == null) {
            // No spec is the empty command: the defaults, as an inbox file holding {} gives.
            return RestoreCommand.parse("{}");
        }
        if (!(spec instanceof Map)) {
            throw new BadRestoreCommandException("the spec must be an object with the fields backup, targets, databases, "
                    + "overwrite, replication and source");
        }
        try {
            return RestoreCommand.parse(JSON.writeValueAsString(spec));
        } catch (JsonProcessingException e) {
            throw new BadRestoreCommandException("the spec cannot be read as a restore command: " + e.getOriginalMessage());
        }
    }
}
