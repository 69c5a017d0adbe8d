package dev.mino.proxy.internal;

import dev.mino.proxy.ProxyException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager that answers each handshake with a certificate for the host name the
 * client asked for (SNI). Without a valid host name it offers nothing, and the handshake fails:
 * the proxy never presents a certificate for a name nobody asked for.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {
    private static final System.Logger LOG = System.getLogger(SniKeyManager.class.getName());
    /** The JDK's key type for EC keys, in TLS 1.2 and 1.3 alike. */
    private static final String EC = "EC";

    private final LeafCertificates leaves;

    /** Serves the given certificates. */
    public SniKeyManager(LeafCertificates leaves) {
        this.leaves = leaves;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return engine == null ? null : alias(keyType, engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return socket instanceof SSLSocket ? alias(keyType, ((SSLSocket) socket).getHandshakeSession()) : null;
    }

    private String alias(String keyType, SSLSession session) {
        if (!EC.equals(keyType) || !(session instanceof ExtendedSSLSession)) {
            return null;
        }
        for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
            if (name.getType() != StandardConstants.SNI_HOST_NAME) {
                continue;
            }
            try {
                String host = name instanceof SNIHostName
                    ? ((SNIHostName) name).getAsciiName()
                    : new SNIHostName(name.getEncoded()).getAsciiName();
                return leaves.forHost(host).alias();
            } catch (ProxyException | IllegalArgumentException invalid) {
                LOG.log(Level.DEBUG, "No certificate for the requested server name: {0}", invalid.getMessage());
                return null;
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return leaves.byAlias(alias).map(leaf -> leaf.chain().clone()).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return leaves.byAlias(alias).map(Leaf::key).orElse(null);
    }

    /** None: certificates exist only once a handshake names their host. */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** None: this key manager serves, it never authenticates as a client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** None: this key manager serves, it never authenticates as a client. */
    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }
}
