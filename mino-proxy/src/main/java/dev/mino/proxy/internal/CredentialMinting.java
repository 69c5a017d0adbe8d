package dev.mino.proxy.internal;

import dev.mino.proxy.ProxiedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The AWS calls that answer with new credentials (sts:AssumeRole, iam:CreateAccessKey...).
 * Re-signing one would hand the sandbox real keys of its own, usable without the proxy and
 * anywhere, which is what placeholders exist to prevent; so the AWS swap refuses them.
 */
public final class CredentialMinting {
    private static final Map<String, Set<String>> ACTIONS = Map.of(
            "sts", Set.of("AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot",
                    "GetSessionToken", "GetFederationToken"),
            "iam", Set.of("CreateAccessKey", "CreateServiceSpecificCredential", "ResetServiceSpecificCredential",
                    "CreateLoginProfile", "UpdateLoginProfile"));

    private CredentialMinting() {
    }

    /** Whether calls to {@code service} (a SigV4 scope's service) can mint credentials: their action must be read. */
    public static boolean guards(String service) {
        return ACTIONS.containsKey(service);
    }

    /**
     * The credential-minting action {@code request} calls on {@code service}, if it calls one.
     * The action is read where AWS's protocols put it: the {@code Action} query or form parameter
     * (query protocol), the {@code X-Amz-Target} field (JSON protocol) or the path's
     * {@code /operation/<name>} (RPC v2).
     */
    public static Optional<String> action(String service, ProxiedRequest request) {
        Set<String> minting = ACTIONS.get(service);
        if (minting == null) {
            return Optional.empty();
        }
        for (String action : actions(request)) {
            if (minting.contains(action)) {
                return Optional.of(service + ":" + action);
            }
        }
        return Optional.empty();
    }

    private static List<String> actions(ProxiedRequest request) {
        String target = request.target();
        String path = SigV4Signed.path(target);
        List<String> actions = new ArrayList<>();
        for (String value : request.headers("X-Amz-Target")) {
            actions.add(value.substring(value.lastIndexOf('.') + 1).strip());
        }
        if (path.contains("/operation/")) {
            actions.add(path.substring(path.lastIndexOf('/') + 1));
        }
        // Every Action parameter counts: which of several one AWS reads is not for the proxy to guess.
        actions.addAll(parameters(SigV4Signed.query(target), "Action"));
        boolean form = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded");
        request.body().filter(body -> form)
                .ifPresent(body -> actions.addAll(parameters(new String(body, StandardCharsets.UTF_8), "Action")));
        return actions;
    }

    private static List<String> parameters(String form, String name) {
        List<String> values = new ArrayList<>();
        for (String[] pair : SigV4.parseQuery(form)) {
            // Form bodies encode spaces as '+'; action names have none, so plain decoding is enough.
            if (SigV4Signed.decode(pair[0]).equals(name)) {
                values.add(SigV4Signed.decode(pair[1]).strip());
            }
        }
        return values;
    }
}
