package dev.mino.junit.internal;

import dev.mino.core.Sandbox;
import dev.mino.junit.MinoSandbox;
import dev.mino.junit.SandboxStartException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * The extension behind {@link MinoSandbox}, registered by the annotation itself. Static fields are
 * filled before all tests of their class, instance fields before each test (before all with
 * {@code PER_CLASS}), parameters when JUnit resolves them. Each sandbox goes into the store of the
 * context it belongs to as soon as it has started, before it is handed over, so that JUnit closes
 * it when that context ends, whatever happened in between (a failing test, a failing assignment).
 * The stores are thread-safe, so tests that run in parallel each get their own sandbox.
 */
public final class SandboxExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

    /** Made by JUnit, through {@link MinoSandbox}'s {@code @ExtendWith}. */
    public SandboxExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        fill(context, testClass, null, ModifierSupport::isStatic);
        if (context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
            == TestInstance.Lifecycle.PER_CLASS) {
            Object instance = context.getRequiredTestInstance();
            fill(context, instance.getClass(), instance, ModifierSupport::isNotStatic);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // All instances: a @Nested test's enclosing instances have sandbox fields too. Those
        // filled before (PER_CLASS) are found in an enclosing context's store and kept.
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            fill(context, instance.getClass(), instance, ModifierSupport::isNotStatic);
        }
    }

    private void fill(ExtensionContext context, Class<?> type, Object instance, Predicate<Field> which) {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, MinoSandbox.class, which,
                HierarchyTraversalMode.TOP_DOWN).stream()
            .filter(field -> context.getStore(NAMESPACE).get(new FieldKey(field, instance)) == null)
            .toList();
        // Every declaration and every annotation is checked before the first sandbox starts.
        for (Field field : fields) {
            String where = describe(field);
            checkField(field, where);
            SandboxFactory.check(annotation(field), where);
        }
        for (Field field : fields) {
            String where = describe(field);
            ManagedSandbox sandbox = factory(context).start(annotation(field), where, context);
            context.getStore(NAMESPACE).put(new FieldKey(field, instance), sandbox);
            report(context, where, sandbox);
            assign(field, instance, sandbox.sandbox(), where);
        }
    }

    private static MinoSandbox annotation(Field field) {
        return AnnotationSupport.findAnnotation(field, MinoSandbox.class).orElseThrow();
    }

    private static String describe(Field field) {
        return "field '" + field.getName() + "' of " + field.getDeclaringClass().getSimpleName();
    }

    /** Refuses a field that cannot take a sandbox before one is started for it. */
    private static void checkField(Field field, String where) {
        if (field.getType() != Sandbox.class) {
            throw new SandboxStartException(where, "is of type " + field.getType().getName() + ", not Sandbox",
                "declare it as dev.mino.core.Sandbox", null);
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new SandboxStartException(where, "is final", "remove final: the sandbox is assigned to it", null);
        }
    }

    private static void assign(Field field, Object instance, Sandbox sandbox, String where) {
        try {
            field.setAccessible(true);
            field.set(instance, sandbox);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The sandbox is in the store already: JUnit closes it.
            throw new SandboxStartException(where, "cannot be assigned: " + e, "", e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (!parameterContext.isAnnotated(MinoSandbox.class)) {
            return false;
        }
        if (parameterContext.getParameter().getType() != Sandbox.class) {
            throw new ParameterResolutionException("@MinoSandbox " + describe(parameterContext) + ": is of type "
                + parameterContext.getParameter().getType().getName() + ", not Sandbox "
                + "(declare it as dev.mino.core.Sandbox)");
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        MinoSandbox annotation = parameterContext.findAnnotation(MinoSandbox.class).orElseThrow();
        ManagedSandbox sandbox = factory(extensionContext).start(annotation, describe(parameterContext),
            extensionContext);
        // Each parameter its own sandbox, for as long as the context JUnit resolves it in.
        extensionContext.getStore(NAMESPACE).put(new Object(), sandbox);
        report(extensionContext, describe(parameterContext), sandbox);
        return sandbox.sandbox();
    }

    /**
     * Puts the sandbox's session name and container id into the test report (Surefire's XML, an
     * IDE's output), so that a failure can be matched with the audit log and Podman's records.
     */
    private static void report(ExtensionContext context, String where, ManagedSandbox sandbox) {
        context.publishReportEntry("mino.sandbox", "@MinoSandbox " + where + ": session "
            + sandbox.sandbox().sessionName() + ", container " + sandbox.sandbox().containerId());
    }

    private static String describe(ParameterContext parameterContext) {
        Parameter parameter = parameterContext.getParameter();
        // Names only where the class was compiled with -parameters; otherwise they read arg0, arg1.
        String name = parameter.isNamePresent() ? " ('" + parameter.getName() + "')" : "";
        return "parameter " + parameterContext.getIndex() + name + " of "
            + parameter.getDeclaringExecutable().getDeclaringClass().getSimpleName() + "."
            + parameter.getDeclaringExecutable().getName() + "()";
    }

    private static SandboxFactory factory(ExtensionContext context) {
        return new SandboxFactory(context.getRoot().getStore(NAMESPACE));
    }

    /** A field of one test instance (or of none, when static), compared by the instance's identity. */
    private static final class FieldKey {
        private final Field field;
        private final Object instance;

        FieldKey(Field field, Object instance) {
            this.field = field;
            this.instance = instance;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FieldKey key && key.field.equals(field) && key.instance == instance;
        }

        @Override
        public int hashCode() {
            return field.hashCode() * 31 + System.identityHashCode(instance);
        }
    }
}
