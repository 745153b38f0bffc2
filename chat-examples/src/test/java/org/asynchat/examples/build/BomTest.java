package org.asynchat.examples.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * chat-bom stays in step with the build: it has the build's version, manages exactly the
 * org.asynchat artifacts the root pom manages (so every deployed module is in it) and nothing
 * else, inherits nothing, and repeats the metadata Maven Central requires. It lives here
 * because chat-examples is built after every library module; it reads the POM files.
 */
class BomTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    void theBomManagesEveryDeployedArtifactAndNothingElse() throws Exception {
        Element root = read(ROOT.resolve("pom.xml"));
        Element bom = read(ROOT.resolve("chat-bom/pom.xml"));

        assertEquals(text(root, "version"), text(bom, "version"), "chat-bom has the build's version");
        assertTrue(children(bom, "parent").isEmpty(), "chat-bom has no parent: importing it would import the"
                + " parent's dependencyManagement and pin the user's junit, logback and JMH");

        Set<String> inBom = managed(bom, false);
        assertEquals(managed(root, true), inBom, "chat-bom/pom.xml and the root pom's dependencyManagement list"
                + " the same org.asynchat artifacts (add a new library module to both)");
        for (String module : texts(children(root, "modules").get(0), "module")) {
            if (module.equals("chat-bom")) {
                continue;
            }
            Element pom = read(ROOT.resolve(module).resolve("pom.xml"));
            boolean deployed = !"true".equals(property(pom, "maven.deploy.skip"));
            assertEquals(deployed, inBom.contains(module + ":jar"), module + (deployed
                    ? " is deployed, so chat-bom must manage it"
                    : " is not deployed (maven.deploy.skip), so chat-bom must not name it"));
        }
    }

    @Test
    void theBomCarriesTheMetadataMavenCentralRequires() throws Exception {
        Element root = read(ROOT.resolve("pom.xml"));
        Element bom = read(ROOT.resolve("chat-bom/pom.xml"));
        for (String path : List.of("url", "licenses/license/name", "licenses/license/url", "scm/url",
                "scm/connection", "developers/developer/id", "issueManagement/url")) {
            String expected = text(root, path);
            assertTrue(!expected.isEmpty(), "the root pom has " + path);
            assertEquals(expected, text(bom, path), "chat-bom's " + path + " is the root pom's");
        }
        assertTrue(!text(bom, "description").isEmpty() && !text(bom, "name").isEmpty(), "chat-bom has a name"
                + " and a description");
    }

    /** groupId:artifactId[:type] of the managed dependencies; only org.asynchat ones, or fails. */
    private static Set<String> managed(Element pom, boolean othersAllowed) {
        Set<String> found = new TreeSet<>();
        Element management = children(pom, "dependencyManagement").get(0);
        for (Element d : children(children(management, "dependencies").get(0), "dependency")) {
            String group = text(d, "groupId");
            if (!group.equals("org.asynchat")) {
                assertTrue(othersAllowed, "chat-bom manages only org.asynchat artifacts, not " + group + ":"
                        + text(d, "artifactId"));
                continue;
            }
            String type = text(d, "type");
            found.add(text(d, "artifactId") + ":" + (type.isEmpty() ? "jar" : type));
        }
        return found;
    }

    private static String property(Element pom, String name) {
        List<Element> properties = children(pom, "properties");
        return properties.isEmpty() ? "" : text(properties.get(0), name);
    }

    private static Element read(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    /** The text of the first element along a path of child names, or "" if there is none. */
    private static String text(Element from, String path) {
        Element e = from;
        for (String name : path.split("/")) {
            List<Element> next = children(e, name);
            if (next.isEmpty()) {
                return "";
            }
            e = next.get(0);
        }
        return e.getTextContent().strip();
    }

    private static List<String> texts(Element parent, String name) {
        List<String> texts = new ArrayList<>();
        children(parent, name).forEach(e -> texts.add(e.getTextContent().strip()));
        return texts;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }
}
