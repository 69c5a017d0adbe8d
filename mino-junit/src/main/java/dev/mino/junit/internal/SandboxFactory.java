package dev.mino.junit.internal;

import dev.mino.core.EngineInfo;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoException;
import dev.mino.core.PodmanConnectionException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxSpec;
import dev.mino.junit.MinoSandbox;
import dev.mino.junit.SandboxCustomizer;
import dev.mino.junit.SandboxStartException;
import dev.mino.network.NetworkPolicy;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Makes the sandbox a {@link MinoSandbox} annotation asks for: the attributes are applied to a
 * builder first, so that bad ones fail before anything exists; then the temporary project folder
 * (if asked for) is made, the customizer runs, and the sandbox starts. Whatever fails, what was
 * made for it is removed again before the failure is reported.
 */
final class SandboxFactory {
    private final ExtensionContext.Store run;

    /**
     * @param run a store that lives as long as the test run (the root context's): it holds the
     *     run's {@link dev.mino.core.Mino}, and what each engine says of itself once asked
     */
    SandboxFactory(ExtensionContext.Store run) {
        this.run = run;
    }

    /**
     * Starts the sandbox.
     *
     * @param annotation what is asked for
     * @param where where it is asked for, for messages: {@code field 'sb' of FooTest}
     * @param context the context whose test or class the sandbox is for
     * @throws SandboxStartException when the sandbox cannot be started
     * @throws org.opentest4j.TestAbortedException when no Podman answers and the annotation
     *     asks for the test to be skipped then
     */
    ManagedSandbox start(MinoSandbox annotation, String where, ExtensionContext context) {
        check(annotation, where);
        TemporaryProject folder = null;
        try {
            SandboxBuilder builder = fromAttributes(RunMino.of(run).sandbox(), annotation);
            if (annotation.project() == MinoSandbox.Project.TEMPORARY) {
                folder = TemporaryProject.create();
                builder.project(folder.path());
            }
            customize(builder, annotation.customizer(), where, context);
            SandboxSpec spec = builder.build();
            if (folder != null && "root".equals(System.getProperty("user.name"))) {
                folder.shareWithEngineUser(engine(spec.engine()));
            }
            return new ManagedSandbox(builder.start(), folder);
        } catch (PodmanConnectionException e) {
            deleteQuietly(folder);
            if (annotation.disabledWithoutPodman()) {
                Assumptions.abort("no Podman for the sandbox of " + where + " (disabledWithoutPodman = true): "
                    + e.describe());
            }
            throw new SandboxStartException(where, e.getMessage(), e.hint(), e);
        } catch (SandboxStartException e) {
            deleteQuietly(folder);
            throw e;
        } catch (MinoException e) {
            deleteQuietly(folder);
            throw new SandboxStartException(where, e.getMessage(), e.hint(), e);
        } catch (UncheckedIOException e) {
            deleteQuietly(folder);
            throw new SandboxStartException(where, e.getMessage(),
                "check that the system's temporary folder (java.io.tmpdir) exists and can be written", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(folder);
            throw e;
        }
    }

    /**
     * A builder with the annotation's attributes, each checked.
     *
     * @throws SandboxStartException naming what is wrong with which attribute
     */
    static SandboxBuilder check(MinoSandbox annotation, String where) {
        try {
            // The JVM's default Mino, which building a spec asks nothing of: no engine is reached.
            return fromAttributes(Sandbox.builder(), annotation);
        } catch (MinoException e) {
            throw new SandboxStartException(where, e.getMessage(), e.hint(), e);
        }
    }

    /** {@code builder} with the annotation's attributes and the defaults for tests; checks every value. */
    private static SandboxBuilder fromAttributes(SandboxBuilder builder, MinoSandbox annotation) {
        builder
            // A test reaches no key of the developer's, and leaves no volume behind.
            .sshAgent(false)
            .cache(false)
            .home(false)
            .image(annotation.image())
            .command(annotation.command())
            .readOnly(annotation.readOnly())
            .network(switch (annotation.network()) {
                case BRIDGE -> NetworkPolicy.bridge();
                case NONE -> NetworkPolicy.none();
                case HOST -> NetworkPolicy.host();
            });
        for (String variable : annotation.env()) {
            int equals = variable.indexOf('=');
            if (equals <= 0) {
                throw new InvalidSpecException("env entry '" + variable + "' is not NAME=value",
                    "write each variable as NAME=value, for example env = {\"LANG=C.UTF-8\"}");
            }
            builder.env(variable.substring(0, equals), variable.substring(equals + 1));
        }
        if (!annotation.user().isEmpty()) {
            builder.user(annotation.user());
        }
        return builder;
    }

    private static void customize(SandboxBuilder builder, Class<? extends SandboxCustomizer> type, String where,
                                  ExtensionContext context) {
        if (type == SandboxCustomizer.class) {
            return;
        }
        SandboxCustomizer customizer;
        try {
            customizer = ReflectionSupport.newInstance(type);
        } catch (RuntimeException e) {
            throw new SandboxStartException(where, "customizer " + type.getName() + " cannot be made: " + e,
                "give it a constructor without arguments, and make it a top-level or static nested class", e);
        }
        try {
            customizer.customize(builder, context);
        } catch (MinoException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new SandboxStartException(where, "customizer " + type.getName() + " failed: " + e, "", e);
        }
    }

    /** What the engine the spec names (or discovery finds, for null) says of itself; asked once per run. */
    private EngineInfo engine(String address) {
        // get and put rather than computeIfAbsent (JUnit 6 only): two tests may both ask, which is harmless.
        String key = "engine:" + (address == null ? "" : address);
        EngineInfo known = run.get(key, EngineInfo.class);
        if (known == null) {
            known = address == null ? RunMino.of(run).engineInfo() : EngineInfo.probe(address);
            run.put(key, known);
        }
        return known;
    }

    private static void deleteQuietly(TemporaryProject folder) {
        if (folder != null) {
            folder.delete();
        }
    }
}
