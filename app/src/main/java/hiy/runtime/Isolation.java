package hiy.runtime;

import hiy.model.Instance;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What keeps one app's containers apart from every other app's and from the host: a network of the app's own
 * (a container reaches the containers of its app, not another app's), and a user namespace of its own for each
 * container (root inside is an unprivileged id on the host), where Podman has ids to give out.
 */
final class Isolation {
    private static final Logger log = LoggerFactory.getLogger(Isolation.class);
    /**
     * Podman picks a free range of the ids in /etc/subuid and /etc/subgid: of the user "containers" when rootful, of
     * HIY's own user (infra/hiy-user.sh) when rootless.
     */
    static final String USERNS = "auto";

    private final DockerClient docker;
    private final Instance instance;
    private volatile boolean usernsRefused;

    /** Rootless Podman's own mapping is already one per user (root inside = HIY's user), shared by all its containers. */
    private final BooleanSupplier rootless;

    Isolation(DockerClient docker, Instance instance, BooleanSupplier rootless) {
        this.rootless = rootless;
        this.docker = docker;
        this.instance = instance;
    }

    /** The app's network, created (labelled with this instance and the app) if it does not exist yet. */
    String network(String app) throws RuntimeFailure {
        String name = instance.network(app);
        try {
            docker.inspectNetworkCmd().withNetworkId(name).exec();
            return name;
        } catch (NotFoundException absent) {
            // first container of the app since it was made (or since the network was removed by hand)
        }
        try {
            docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                    .withLabels(instance.stamp(Map.of(Instance.NETWORK_LABEL, app))).exec();
            log.info("Created network {} for {}", name, app);
        } catch (ConflictException raced) {
            // made meanwhile by another start of the same app: that one will do
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not create the network " + name + " of " + app + ": "
                    + e.getMessage() + "; check that `podman network create " + name + "` works", e);
        }
        return name;
    }

    /** Removes the app's network; nothing if it is gone (or was never made). */
    void removeNetwork(String app) {
        String name = instance.network(app);
        try {
            docker.removeNetworkCmd(name).exec();
        } catch (NotFoundException gone) {
            // nothing to remove
        } catch (DockerException e) {
            log.warn("Could not remove the network {} of {}: {} (remove it with `podman network rm {}`)", name, app,
                    e.getMessage(), name);
        }
    }

    /** Ids per app that mounts volumes: 64 Ki, as an ordinary Linux system's users and groups need. */
    static final long SHARED_IDS = 65_536;
    /**
     * Where those ranges lie: the upper half of the range infra/podman/userns.sh gives Podman (from 2^31 - 1, 2^31
     * ids); Podman's own automatic ranges are taken from its lower end, and skip ranges containers already use.
     */
    static final long SHARED_FIRST = 3_221_225_472L;
    static final int SHARED_SLOTS = 16_383;

    /**
     * The user namespace of a container that mounts the app's volumes: the same ids for every container of the app,
     * whatever release or process, so each can read and write what another wrote. (Podman's automatic ranges differ
     * per container, and its :U option re-owns the files for the newest container only.) The range is picked from
     * the instance and the app, so it is the same after a restart of HIY or a reboot.
     */
    String sharedIds(String app) {
        long first = firstSharedId(app);
        return USERNS + ":uidmapping=0:" + first + ":" + SHARED_IDS + ",gidmapping=0:" + first + ":" + SHARED_IDS;
    }

    private long firstSharedId(String app) {
        return SHARED_FIRST + Math.floorMod((instance.id() + "/" + app).hashCode(), SHARED_SLOTS) * SHARED_IDS;
    }

    /**
     * The host id that is root in the app's volume containers ({@link #sharedIds}); empty where they get no range of
     * their own (rootless: one mapping for all of HIY's containers; or Podman has no ids to give), and a volume's
     * owners need no change when it moves to another app.
     */
    OptionalLong sharedIdsStart(String app) {
        return usernsRefused || rootless.getAsBoolean() ? OptionalLong.empty() : OptionalLong.of(firstSharedId(app));
    }

    /**
     * Creates the container in a user namespace of its own (shared with the app's other containers when sharedIds,
     * see {@link #sharedIds}). If Podman has no ids to give (no "containers" entry in
     * /etc/subuid), containers are created without one from then on, and the log says so once, with the fix.
     */
    String create(HostConfig host, String app, boolean sharedIds, Supplier<CreateContainerCmd> command) {
        if (!usernsRefused) {
            // Rootless, the fixed range lies outside the user's own ids; its default mapping is the same for every
            // container of HIY's user, so the app's containers share their volumes' owners with it.
            host.withUsernsMode(sharedIds ? (rootless.getAsBoolean() ? null : sharedIds(app)) : USERNS);
            try {
                return command.get().exec().getId();
            } catch (InternalServerErrorException e) {
                if (!noIdsToGive(e)) throw e;
                usernsRefused = true;
                log.warn("Podman has no subordinate ids for user namespaces ({}): app containers run without one, so"
                        + " root in a container is Podman's user (root, when rootful) on the host's files it can reach."
                        + " Fix: sudo infra/hiy-user.sh (rootless HIY) or sudo infra/podman/userns.sh (rootful), then"
                        + " restart HIY", e.getMessage().strip());
            }
            host.withUsernsMode(null);
        }
        return command.get().exec().getId();
    }

    private static boolean noIdsToGive(InternalServerErrorException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("available IDs") || message.contains("subuid") || message.contains("subgid");
    }
}
