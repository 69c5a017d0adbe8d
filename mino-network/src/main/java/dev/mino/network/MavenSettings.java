package dev.mino.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Reads the repository URLs of a Maven {@code settings.xml}. */
final class MavenSettings {
    /** Maven reaches artifacts through mirrors and through the repositories of active profiles. */
    private static final Set<String> URL_OWNERS = Set.of("mirror", "repository", "pluginRepository");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{env\\.([^}]*)}");

    private MavenSettings() {}

    /** The rules for the http(s) URLs of mirrors and repositories, in document order. */
    static List<NetworkRule> repositories(Path settings, Map<String, String> env, List<String> warnings) {
        List<NetworkRule> rules = new ArrayList<>();
        if (!Files.isRegularFile(settings)) {
            return rules;
        }
        Document document;
        try {
            document = parser().parse(settings.toFile());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            warnings.add("Could not read " + settings + ": " + e.getMessage());
            return rules;
        }
        NodeList urls = document.getElementsByTagNameNS("*", "url");
        for (int i = 0; i < urls.getLength(); i++) {
            Node url = urls.item(i);
            Node owner = url.getParentNode();
            if (!(owner instanceof Element) || !URL_OWNERS.contains(owner.getLocalName())) {
                continue;
            }
            String text = url.getTextContent().strip();
            Optional<String> expanded = RegistryUrls.expand(text, VARIABLE, env);
            if (expanded.isEmpty()) {
                warnings.add("Ignored repository URL '" + RegistryUrls.shown(text) + "' in " + settings
                    + ": it names an environment variable that is not set");
                continue;
            }
            RegistryUrls.ruleFor(expanded.get(), settings.toString(), warnings).ifPresent(rules::add);
        }
        return rules;
    }

    /**
     * A parser that reads only this file: settings hold credentials, and a DOCTYPE could make a
     * parser fetch other files or URLs (XXE). It also keeps the JDK from printing parse errors to
     * stderr, which a library must not do.
     */
    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // Warnings do not stop the parse and need not be shown.
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder;
    }
}
