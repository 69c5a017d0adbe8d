package dev.mino.junit;

import dev.mino.junit.internal.SandboxExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit Jupiter test a started {@link dev.mino.core.Sandbox}, and closes it after the test
 * or the class, whether the test passed or not.
 *
 * <p>Put it on a field or a parameter of type {@code Sandbox}; no other annotation is needed:
 * <ul>
 *   <li>a {@code static} field gets one sandbox for the whole class, started before its first
 *       {@code @BeforeAll} method and closed after its last {@code @AfterAll} method;</li>
 *   <li>an instance field gets a new sandbox for every test, started before its {@code @BeforeEach}
 *       methods and closed after its {@code @AfterEach} methods (with
 *       {@code @TestInstance(Lifecycle.PER_CLASS)}, one for the class, like a static field);</li>
 *   <li>a parameter of a test method or of a lifecycle method gets a sandbox of its own, which
 *       lives as long as that method's scope: the test for {@code @Test} and {@code @BeforeEach}
 *       methods, the class for {@code @BeforeAll} methods. To use one sandbox in a lifecycle
 *       method and in the tests, declare it as a field.</li>
 * </ul>
 *
 * <pre>{@code
 * class BuildTest {
 *     @MinoSandbox(image = "localhost/tools:1.0")
 *     static Sandbox tools;                            // one for the class
 *
 *     @Test
 *     void compiles() {
 *         assertEquals(0, tools.exec("make").exitCode());
 *     }
 *
 *     @Test
 *     void writesOnlyToItsOwnFolder(
 *             @MinoSandbox(image = "localhost/tools:1.0", project = Project.TEMPORARY) Sandbox scratch) {
 *         assertEquals(0, scratch.exec("touch", "out.txt").exitCode());
 *     }
 * }
 * }</pre>
 *
 * <p>Every sandbox of a test run comes from one {@link dev.mino.core.Mino} of that run, made
 * from the process's environment when the first sandbox is asked for and closed when the run
 * ends, so that a run in a long-lived JVM (a build daemon, an IDE) leaves no connection or thread
 * of Mino's behind. The sandbox is made as {@code mino.sandbox()} makes it, from these attributes, with
 * defaults suited to tests: no SSH agent, no dependency caches and no home volume, so that a
 * test leaves nothing behind and reaches no key of the developer's. A {@link #customizer()}
 * changes anything else, and wins over the attributes. The engine is found as for any sandbox
 * ({@code CONTAINER_HOST}, then the usual sockets).
 *
 * <p>Bad attributes (an invalid image reference, say) fail the test with the library's message
 * and hint before anything is created; so does a sandbox that cannot be started, and then
 * nothing made for it is left. When no Podman answers, the test fails too, unless
 * {@link #disabledWithoutPodman()} asks for it to be skipped. Tests may run in parallel: each gets
 * its own sandbox, and those of the class are shared safely, as {@code Sandbox} is thread-safe.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SandboxExtension.class)
public @interface MinoSandbox {

    /**
     * The image to run, for example {@code localhost/tools:1.0}, or an alias the library knows
     * ({@code base}, {@code python}, ...), exactly as {@code SandboxBuilder.image(...)} takes it.
     * A plain image must already be on the engine: it is not pulled.
     *
     * @return the image reference
     */
    String image();

    /**
     * The sandbox's command. The default keeps it running until it is closed, so that the test
     * can {@code exec} into it; empty runs the image's own command.
     *
     * @return the command and its arguments
     */
    String[] command() default {"sleep", "infinity"};

    /**
     * Environment variables of the command, each as {@code NAME=value}.
     *
     * @return the variables
     */
    String[] env() default {};

    /**
     * The user the command (and every {@code exec}) runs as, as a name or uid with an optional
     * group ({@code 1000:1000}); empty for the image's user.
     *
     * @return the user, or empty
     */
    String user() default "";

    /**
     * The sandbox's network.
     *
     * @return the network mode
     */
    Network network() default Network.BRIDGE;

    /**
     * Whether the sandbox's root filesystem is read-only (the project folder stays writable).
     *
     * @return true for a read-only root filesystem
     */
    boolean readOnly() default false;

    /**
     * Which folder is mounted as the sandbox's project, read-write, and is its working directory.
     *
     * @return the project folder's kind
     */
    Project project() default Project.WORKING_DIRECTORY;

    /**
     * A class that changes the builder after the attributes are applied, for whatever they do not
     * cover (limits, mounts, labels, an allowlist, another engine). It needs a constructor
     * without arguments and is made anew for each sandbox.
     *
     * @return the customizer's class; {@link SandboxCustomizer} itself for none
     */
    Class<? extends SandboxCustomizer> customizer() default SandboxCustomizer.class;

    /**
     * Whether a test whose sandbox finds no Podman service is skipped (true), saying why, rather
     * than failed (false, the default), like Testcontainers' {@code disabledWithoutDocker}. Only a
     * missing or unreachable engine skips: every other failure to start still fails the test.
     * Leave it false where the tests must run, as in CI.
     *
     * @return true to skip without Podman
     */
    boolean disabledWithoutPodman() default false;

    /** The sandbox's network mode; an allowlist is set with a {@link MinoSandbox#customizer()}. */
    enum Network {
        /** Podman's default network with outbound access, the library's default. */
        BRIDGE,
        /** No network at all: only the loopback interface. */
        NONE,
        /** The engine host's network. */
        HOST
    }

    /** Where the project folder of a sandbox comes from. */
    enum Project {
        /**
         * The JVM's working directory: under Maven and Gradle, the folder of the module whose tests
         * run. The sandbox can change the project's files, as an agent would.
         */
        WORKING_DIRECTORY,
        /**
         * A new, empty folder for this sandbox alone, like JUnit's {@code @TempDir}, deleted with
         * everything in it when the sandbox is closed. Only the JVM's user can open it; when the
         * JVM runs as root beside a rootless Podman of another user (some CI setups), it is handed
         * to that user, whom the sandbox's root is on the host.
         */
        TEMPORARY
    }
}
