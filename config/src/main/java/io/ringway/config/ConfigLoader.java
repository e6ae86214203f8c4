package io.ringway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and validates a Ringway YAML configuration file; every problem is a {@link ConfigException}. */
public final class ConfigLoader {
    /** Class-path copy of {@code config/ringway.yaml}, used when no file is given and none is on disk. */
    public static final String EMBEDDED_DEFAULT = "ringway.yaml";

    /**
     * A key written twice in one mapping is an error, as an unknown key is: YAML leaves duplicates to the reader,
     * and Jackson's default keeps the last, so an operator who edits the first copy would see no effect.
     */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String DUPLICATE = "Duplicate field '";

    private ConfigLoader() {
    }

    public static RingwayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** The default configuration shipped inside the config jar (the same text as config/ringway.yaml). */
    public static RingwayConfig loadEmbeddedDefault() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED_DEFAULT)) {
            if (in == null) {
                throw new ConfigException(EMBEDDED_DEFAULT + ": not on the class path");
            }
            return parse("config/ringway.yaml (embedded)", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(EMBEDDED_DEFAULT + ": cannot be read: " + e.getMessage(), e);
        }
    }

    public static RingwayConfig parse(String fileName, String yamlText) {
        JsonNode root;
        try {
            root = YAML.readTree(yamlText);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String duplicate = duplicatePath(e);
            if (duplicate != null) {
                throw new ConfigException(fileName + ": " + duplicate + ": written twice (again" + where
                        + "); a setting may appear only once", e);
            }
            throw new ConfigException(fileName + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(fileName + ": empty file");
        }
        return RingwayConfig.from(new ConfigNode(fileName, "", root));
    }

    /**
     * The path of the key a duplicate-key failure is about, written as {@link ConfigNode} writes paths
     * ({@code accounts[0].max-binds}), or {@code null} for any other failure.
     */
    private static String duplicatePath(JsonProcessingException e) {
        if (!(e instanceof StreamReadException read) || read.getProcessor() == null
                || e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith(DUPLICATE)) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        appendPath(read.getProcessor().getParsingContext(), path);
        return path.toString();
    }

    private static void appendPath(JsonStreamContext context, StringBuilder path) {
        if (context == null || context.inRoot()) {
            return;
        }
        appendPath(context.getParent(), path);
        if (context.inArray()) {
            path.append('[').append(context.getCurrentIndex()).append(']');
        } else if (context.getCurrentName() != null) {
            path.append(path.length() == 0 ? "" : ".").append(context.getCurrentName());
        }
    }
}
