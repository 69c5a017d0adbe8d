package dev.mino.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    private MavenSettings() {}

    /**
     * The rules for the http(s) URLs of mirrors and repositories, in document order. A URL with
     * a property such as {@code ${env.HOST}} is ignored with a warning, never expanded.
     *
     * @param sandboxWritable a folder the sandbox can write, or null; settings under it are not read
     */
    static List<NetworkRule> repositories(Path settings, Path sandboxWritable, List<String> warnings) {
        List<NetworkRule> rules = new ArrayList<>();
        Optional<Path> toRead = Files.isRegularFile(settings)
            ? UserFiles.readable(settings, sandboxWritable, warnings) : Optional.empty();
        if (toRead.isEmpty()) {
            return rules;
        }
        Document document;
        try {
            document = parser().parse(toRead.get().toFile());
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
            RegistryUrls.ruleFor(url.getTextContent().strip(), settings.toString(), warnings).ifPresent(rules::add);
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
