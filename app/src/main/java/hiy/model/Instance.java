package hiy.model;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which HIY a container, image or network belongs to. Several HIYs may share one Podman (each with its own data
 * dir), and may well have an app of the same name: every object HIY makes carries its instance id, in its name and
 * in the {@link #INSTANCE_LABEL} label, and HIY lists, prunes and removes only objects that carry its own.
 * The label names used on HIY's objects live here, once.
 */
public record Instance(String id) {
    public static final String INSTANCE_LABEL = "hiy.instance";
    /** On a container of one of the app's releases (a process or its release command). */
    public static final String APP_LABEL = "hiy.app";
    /** On a one-off container of `run`; apart from {@link #APP_LABEL}, so it is never taken for a stray release. */
    public static final String RUN_LABEL = "hiy.run";
    public static final String RELEASE_LABEL = "hiy.release";
    public static final String PROCESS_LABEL = "hiy.process";
    /** On an app's named volume: the app's name. */
    public static final String VOLUME_LABEL = "hiy.volume";
    /** On an app's network. */
    public static final String NETWORK_LABEL = "hiy.network";

    /** Short enough for names, random enough that two HIYs on one Podman do not meet (32 bits). */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{8}");

    public Instance {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not an HIY instance id: " + id);
    }

    /** hiy-ID-APP-REST: unique on a Podman shared by several HIYs. */
    public String containerName(String app, String rest) {
        return "hiy-" + id + "-" + app + "-" + rest;
    }

    /** The app's own network: its containers reach each other, no other app's. */
    public String network(String app) {
        return "hiy-" + id + "-" + app;
    }

    /** hiy-ID-APP-NAME: a volume name has no '-' (see {@link VolumeMount#NAME}), so no two apps' volumes meet. */
    public String volume(String app, String name) {
        return "hiy-" + id + "-" + app + "-" + name;
    }

    /** hiy/APP:vN-ID: another HIY's build of an app of the same name never takes this tag. */
    public String imageTag(String app, int version) {
        return "hiy/" + app + ":v" + version + "-" + id;
    }

    /** The tag {@link #imageTag} gave an image of app {@code from}, as app {@code to}'s; any other tag as it is. */
    public String imageTagRenamed(String tag, String from, String to) {
        String prefix = "hiy/" + from + ":";
        return tag.startsWith(prefix) && tag.endsWith("-" + id) ? "hiy/" + to + ":" + tag.substring(prefix.length()) : tag;
    }

    /** The labels given, plus this instance's. */
    public Map<String, String> stamp(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(INSTANCE_LABEL, id);
        return all;
    }

    /** Whether an object with these labels is this HIY's. */
    public boolean owns(Map<String, String> labels) {
        return labels != null && id.equals(labels.get(INSTANCE_LABEL));
    }
}
