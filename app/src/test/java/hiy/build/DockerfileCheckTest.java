package hiy.build;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Dockerfile may not ask of the build host, however it is written. */
class DockerfileCheckTest {
    private static String refusal(String dockerfile) {
        return assertThrows(BuildException.class, () -> DockerfileCheck.check(dockerfile)).getMessage();
    }

    @Test
    void ordinaryDockerfilesPass() {
        assertDoesNotThrow(() -> DockerfileCheck.check("""
                # syntax=docker/dockerfile:1
                FROM node:22-bookworm-slim
                WORKDIR /app
                COPY --chown=node:node package*.json ./
                ADD vendor.tar.gz /opt/
                ADD --chown=1:1 ["static files", "/srv/"]
                RUN --mount=type=tmpfs,target=/tmp npm ci && \\
                    npm run build
                RUN echo "ADD http://example.com is only text here"
                ONBUILD COPY . /app
                CMD ["node", "server.js"]
                """));
    }

    @Test
    void anotherAppsBuildOrABareIdIsNoBaseImage() {
        for (String df : new String[] {
                "FROM hiy/blog:v3-a321b9b6\n",
                "FROM --platform=linux/amd64 docker.io/hiy/blog:v3-a321b9b6 AS base\n",
                "from localhost/HIY/blog:v1\n",
                "ARG BASE=hiy/blog:v1\nFROM $BASE\n",
                "ARG REPO=\"hiy\"\nFROM ${REPO}/blog:v1\n",
                "FROM ${NOTSET:-hiy/blog:v1}\n",
                "FROM localhost/busybox:latest\nCOPY --from=hiy/blog:v1 /app /stolen\n",
                "FROM localhost/busybox:latest\nADD --chown=1:1 --from=docker.io/hiy/blog:v1 /app /x\n",
                "FROM 3872c0248b2573f948c2456bf5acbd2037d8573868bd98d42901991f5e4342bf\n",
                "FROM sha256:3872c0248b25\n"}) {
            String message = refusal(df);
            assertTrue(message.contains("is not allowed: images HIY built for apps (hiy/…) and bare image ids"), df + ": " + message);
        }
        assertDoesNotThrow(() -> DockerfileCheck.check("""
                ARG NODE=22
                FROM node:${NODE}-bookworm-slim AS build
                FROM localhost/busybox:latest
                COPY --from=build /app /app
                FROM myhiy/app:1
                """));
    }

    @Test
    void addFromAUrlIsRefusedInEveryForm() {
        for (String add : new String[] {
                "ADD http://127.0.0.1:2019/config/ /c.json",
                "add https://example.com/x.tgz /x",
                "ADD --chown=1:1 http://127.0.0.1:2019/config/ /c.json",
                "ADD [\"http://127.0.0.1:2019/config/\", \"/c.json\"]",
                "ADD \\\n  http://127.0.0.1:2019/config/ \\\n  /c.json",
                "ONBUILD ADD http://127.0.0.1:2019/config/ /c.json",
                "ADD git@github.com:x/y.git /y",
                "ARG U=http://127.0.0.1:2019/config/\nADD $U /c.json",
                "ADD ${U} /c.json"}) {
            String message = refusal("FROM localhost/busybox:latest\n" + add + "\n");
            assertTrue(message.startsWith("Dockerfile line "), message);
            assertTrue(message.contains("is not allowed") && message.contains("RUN wget"), message);
        }
    }

    @Test
    void theLineNumberIsTheInstructionsFirstLine() {
        String message = refusal("FROM localhost/busybox:latest\n\n# fetch it\nADD \\\n http://x/y /y\n");
        assertTrue(message.startsWith("Dockerfile line 4: ADD http://x/y is not allowed"), message);
    }

    @Test
    void aChangedEscapeCharacterStillJoinsLines() {
        String message = refusal("# escape=`\nFROM localhost/busybox:latest\nADD `\n http://x/y /y\n");
        assertTrue(message.startsWith("Dockerfile line 3: ADD http://x/y"), message);
    }

    @Test
    void runFlagsThatReachTheHostAreRefused() {
        for (String run : new String[] {
                "RUN --mount=type=bind,source=/,target=/host cat /host/etc/shadow",
                "RUN --mount=target=/host,source=pki cat /host/root.key",
                "RUN --mount=type=cache,target=/root/.npm npm ci",
                "RUN --mount=type=cache,src=/,target=/h ls /h",
                "RUN --mount=type=tmpfs,type=bind,source=/,target=/h ls /h",
                "RUN --mount=type=tmpfs,from=other,target=/h ls /h",
                "RUN --mount=$M ls",
                "RUN --network=host wget http://127.0.0.1:2019/config/",
                "run --security=insecure id",
                "ONBUILD RUN --mount=type=bind,target=/h ls /h",
                "RUN \\\n  --mount=type=bind,target=/h ls /h"}) {
            String message = refusal("FROM localhost/busybox:latest\n" + run + "\n");
            assertTrue(message.startsWith("Dockerfile line 2: RUN --"), message);
            assertTrue(message.contains("Only RUN --mount=type=tmpfs is allowed"), message);
        }
    }
}
