package io.sqlbackup.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** Writes and reads manifests as indented JSON. */
public final class ManifestJson {

    // Newer versions may add fields; an older reader still checks what it knows.
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestJson() {
    }

    public static byte[] write(Manifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the manifest", e);
        }
    }

    /** Parses a manifest; a format this version does not know is refused rather than half-read. */
    public static Manifest read(byte[] json, String archive) {
        Manifest manifest;
        try {
            manifest = MAPPER.readValue(json, Manifest.class);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ManifestMismatchException("the manifest in " + archive + " is not valid JSON (" + why
                    + "): the archive is damaged");
        }
        if (!Manifest.FORMAT.equals(manifest.format()) || manifest.formatVersion() > Manifest.FORMAT_VERSION) {
            throw new ManifestMismatchException("the manifest in " + archive + " has format " + manifest.format() + " version "
                    + manifest.formatVersion() + ", which this sqlbackup does not know: use a newer sqlbackup");
        }
        return manifest;
    }
}
