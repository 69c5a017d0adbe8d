package dev.mino.core.internal.sandbox;

/**
 * The labels Mino puts on every container, volume, secret, network and image it creates, so that
 * listing and cleanup never touch anything else of the user's.
 */
public final class Labels {
    /** Present, with value {@code true}, on everything Mino made. */
    public static final String MANAGED = "dev.mino.managed";
    /** The session a container (and its secrets) belongs to. */
    public static final String SESSION = "dev.mino.session";
    /** The host whose JVM made the object; sweeps only judge objects of their own host and owner scope. */
    public static final String OWNER_HOST = "dev.mino.owner.host";
    /** The pid of the JVM that made the object. */
    public static final String OWNER_PID = "dev.mino.owner.pid";
    /** When that JVM started (epoch milliseconds), so that a reused pid is not taken for the owner. */
    public static final String OWNER_STARTED = "dev.mino.owner.started";
    /** The machine id of that JVM's system; with boot and PID namespace, where its pid means it. */
    public static final String OWNER_MACHINE = "dev.mino.owner.machine";
    /** The boot id of that JVM's kernel. */
    public static final String OWNER_BOOT = "dev.mino.owner.boot";
    /** The PID namespace of that JVM, for example {@code pid:[4026531836]}. */
    public static final String OWNER_PID_NAMESPACE = "dev.mino.owner.pidns";
    /** Present, with value {@code true}, on sandboxes meant to outlive their JVM; sweeps leave them alone. */
    public static final String DETACHED = "dev.mino.detached";
    /** What a container is to its session: {@link #ROLE_SANDBOX}, {@link #ROLE_FIREWALL} or {@link #ROLE_BUILD_NETWORK}. */
    public static final String ROLE = "dev.mino.role";
    /** The role of the container that runs the session's command (containers of older Minos have no role). */
    public static final String ROLE_SANDBOX = "sandbox";
    /** The role of the container that holds a session's egress firewall. */
    public static final String ROLE_FIREWALL = "firewall";
    /** The role of the container whose network namespace a build with project layers joins. */
    public static final String ROLE_BUILD_NETWORK = "build-network";
    /** The project folder on the host. */
    public static final String PROJECT = "dev.mino.project";
    /** On an image composed from layers (set by {@link ImageComposer}): the layers' names. */
    public static final String COMPOSED_LAYERS = "dev.mino.layers";
    /** On an image built on a base image (composed or mino's firewall image): the base as it was named. */
    public static final String BASE_IMAGE = "dev.mino.base-image";
    /** On an image built on a base image: the base image's id at the time. */
    public static final String BASE_IMAGE_ID = "dev.mino.base-image-id";
    /** On mino's own firewall image ({@link FirewallImages}): the recipe it was built with. */
    public static final String FIREWALL_IMAGE_RECIPE = "dev.mino.firewall-image-recipe";

    private Labels() {
    }
}
