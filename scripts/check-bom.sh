#!/usr/bin/env bash
# The BOM as a user meets it: installs this build into a local repository, then builds three
# scratch consumer projects outside the source tree that import org.asynchat:chat-bom and
# depend on (1) chat-core only, (2) chat-core + chat-nio-selector, (3) chat-core +
# chat-epoll-jni, each with no org.asynchat version of its own. Each consumer takes its own,
# older junit from junit-bom, imported after chat-bom (so a chat-bom that managed junit would
# win: the first import does), and its own logback-classic; the check fails if they changed.
# Consumers 2 and 3 run an echo server on their backend over a real socket.
# BOM_ARTIFACT=asynchat-parent imports the parent instead, to see the check fail as it should
# (the parent manages junit for the build).
#
# usage: scripts/check-bom.sh REPO_LOCAL [WORKDIR]
#   REPO_LOCAL: the local Maven repository to install into (not a shared ~/.m2 on a shared
#   machine: it receives this build's SNAPSHOT jars)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repo="${1:?usage: scripts/check-bom.sh REPO_LOCAL [WORKDIR]}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
version="$(cd "$root" && mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout \
    -Dmaven.repo.local="$repo" | sed 's/\x1b\[[0-9;]*m//g')"
junit=5.10.2
logback=1.4.14

echo "== installing $version into $repo"
(cd "$root" && mvn -B -q -DskipTests install -Dmaven.repo.local="$repo")

consumer() { # name, dependencies xml, main java, test java
    local dir="$work/$1"
    rm -rf "$dir"
    mkdir -p "$dir/src/main/java/consumer" "$dir/src/test/java/consumer"
    cat > "$dir/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>$1</artifactId>
  <version>1.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.asynchat</groupId>
        <artifactId>${BOM_ARTIFACT:-chat-bom}</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
      <dependency>
        <groupId>org.junit</groupId>
        <artifactId>junit-bom</artifactId>
        <version>$junit</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
$2
    <dependency>
      <groupId>ch.qos.logback</groupId>
      <artifactId>logback-classic</artifactId>
      <version>$logback</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
      <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
</project>
POM
    printf '%s\n' "$3" > "$dir/src/main/java/consumer/Main.java"
    printf '%s\n' "$4" > "$dir/src/test/java/consumer/MainTest.java"
    echo "== consumer $1 ($dir)"
    (cd "$dir" && mvn -B -q verify dependency:list -DoutputFile=deps.txt -DexcludeTransitive=false \
        -Dmaven.repo.local="$repo")
    sed -n 's/^ *//p' "$dir/deps.txt" | grep -E '^(org\.asynchat|org\.junit\.jupiter:junit-jupiter:|ch\.qos\.logback:logback-classic|org\.slf4j:slf4j-api)' | sort
    grep -q "org.junit.jupiter:junit-jupiter:jar:$junit:test" "$dir/deps.txt" \
        || { echo "check-bom: $1's junit-jupiter is no longer $junit: the BOM pins it" >&2; exit 1; }
    grep -q "ch.qos.logback:logback-classic:jar:$logback:compile" "$dir/deps.txt" \
        || { echo "check-bom: $1's logback-classic is no longer $logback: the BOM pins it" >&2; exit 1; }
    grep -q "org.asynchat:chat-core:jar:$version:compile" "$dir/deps.txt" \
        || { echo "check-bom: $1 did not get chat-core $version from the BOM" >&2; exit 1; }
}

core_main='package consumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.Terminator;
import org.asynchat.framing.FrameHandler;
import org.asynchat.framing.InputFramer;

/** Frames lines with chat-core alone: no backend needed. */
public class Main {
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        InputFramer framer = new InputFramer(new FrameHandler() {
            @Override
            public void collectIncomingData(ByteBuffer data) {
                current.append(StandardCharsets.US_ASCII.decode(data));
            }

            @Override
            public void foundTerminator() {
                lines.add(current.toString());
                current.setLength(0);
            }
        });
        framer.setTerminator(Terminator.of("\r\n"));
        framer.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        return lines;
    }
}'
core_test='package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void framesLines() {
        assertEquals(List.of("HELO a", "QUIT"), Main.lines("HELO a\r\nQUIT\r\n"));
    }
}'
echo_main='package consumer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.asynchat.Terminator;

/** The README echo server, on whichever backend the class path has. */
public class Main extends Dispatcher {
    public Main(EventLoop loop) throws IOException {
        super(loop);
        bind(new InetSocketAddress("127.0.0.1", 0));
        listen(16);
    }

    @Override
    protected void handleAccepted(AcceptedConnection connection) {
        new AsyncChat(connection) {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();
            {
                setTerminator(Terminator.of("\n"));
            }

            @Override
            public void collectIncomingData(ByteBuffer data) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                line.writeBytes(bytes);
            }

            @Override
            public void foundTerminator() {
                line.write(10);
                push(line.toByteArray());
                line.reset();
            }
        };
    }
}'
echo_test() { # expected backend name
    printf '%s' 'package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.asynchat.EventLoop;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void echoesALineOnTheBackend() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            assertEquals("'"$1"'", loop.backend().name());
            Main server = new Main(loop);
            int port = server.localAddress().getPort();
            Thread t = new Thread(loop::run);
            t.start();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("hello", in.readLine());
            } finally {
                loop.stop();
                t.join(10_000);
            }
        }
    }
}'
}

dep() { printf '    <dependency>\n      <groupId>org.asynchat</groupId>\n      <artifactId>%s</artifactId>\n    </dependency>\n' "$1"; }

consumer core-only "$(dep chat-core)" "$core_main" "$core_test"
consumer core-nio "$(dep chat-core)$(dep chat-nio-selector)" "$echo_main" "$(echo_test nio)"
consumer core-epoll "$(dep chat-core)$(dep chat-epoll-jni)" "$echo_main" "$(echo_test epoll)"
echo "check-bom: all three consumers built and passed with the BOM's $version and their own junit $junit, logback $logback"
