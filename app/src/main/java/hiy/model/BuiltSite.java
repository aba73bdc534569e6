package hiy.model;

import java.nio.file.Path;

/**
 * A static site's files, written to a staging folder (staged) that the release moves to the app's site folder
 * named id: a digest of what was written, so the same files make the same folder.
 */
public record BuiltSite(Path staged, String id, int files) implements Built { }
