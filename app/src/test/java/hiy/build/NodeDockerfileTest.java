package hiy.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Dockerfile HIY writes for a Node app, from package.json and the files beside it. */
class NodeDockerfileTest {
    private static final String IMAGE = "docker.io/library/node:22-bookworm-slim";
    private static final NodeDockerfile.Files LOCK = new NodeDockerfile.Files(true, false, false, false, false, false);
    private static final NodeDockerfile.Files NONE = new NodeDockerfile.Files(false, false, false, false, false, false);

    @Test
    void aLockfileMeansNpmCiOfProductionDependenciesWithManifestsFirst() throws Exception {
        String d = NodeDockerfile.plan("{\"scripts\":{\"start\":\"node index.js\"}}", IMAGE, LOCK).text();
        assertEquals("""
                FROM docker.io/library/node:22-bookworm-slim
                WORKDIR /app
                ENV NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
                COPY ["package.json", "package-lock.json", "./"]
                RUN npm ci --omit=dev
                COPY . .
                CMD ["npm", "start"]
                """, d.substring(d.indexOf('\n') + 1));
    }

    @Test
    void withoutALockfileNpmInstallAndABuildScriptRunsWithDevDependenciesThenPrunes() throws Exception {
        String d = NodeDockerfile.plan("{\"scripts\":{\"start\":\"node .\",\"build\":\"tsc\"}}", IMAGE, NONE).text();
        assertTrue(d.contains("COPY [\"package.json\", \"./\"]\nRUN npm install --include=dev\nCOPY . .\n"
                + "RUN npm run build && npm prune --omit=dev\n"), d);
    }

    @Test
    void hostileFieldsNeverReachTheDockerfile() throws Exception {
        String evil = "x\\nRUN --mount=type=bind,source=/,target=/h cat /h/etc/shadow\\nCMD \\\"";
        String json = "{\"name\":\"" + evil + "\",\"scripts\":{\"start\":\"" + evil + "\",\"build\":\"" + evil + "\",\""
                + evil + "\":\"1\"},\"engines\":{\"node\":\"" + evil + "\"},\"main\":\"" + evil + "\"}";
        new ObjectMapper().readTree(json);
        WrittenDockerfile plan = NodeDockerfile.plan(json, IMAGE, LOCK);
        assertFalse(plan.text().contains("mount"), plan.text());
        assertFalse(plan.text().contains("shadow"), plan.text());
        DockerfileCheck.check(plan.text());
        assertEquals(List.of("! package.json engines.node is not a version range HIY can read; building with "
                + IMAGE + " (HIY_NODE_IMAGE)"), plan.warnings(), "the hostile range is not echoed");
    }

    @Test
    void badManifestsAreRefusedWithWhatToDo() {
        assertTrue(assertThrows(BuildException.class, () -> NodeDockerfile.plan("{", IMAGE, LOCK))
                .getMessage().contains("package.json is not valid JSON"));
        assertTrue(assertThrows(BuildException.class, () -> NodeDockerfile.plan("[1]", IMAGE, LOCK))
                .getMessage().contains("must hold a JSON object"));
        assertTrue(assertThrows(BuildException.class, () -> NodeDockerfile.plan("{\"scripts\":{}}", IMAGE, NONE))
                .getMessage().contains("nothing starts this Node app"));
    }

    @Test
    void aProcfileWebOrServerJsStartsItWithoutAStartScript() throws Exception {
        NodeDockerfile.plan("{}", IMAGE, new NodeDockerfile.Files(false, false, false, false, false, true));
        NodeDockerfile.plan("{}", IMAGE, new NodeDockerfile.Files(false, false, false, false, true, false));
    }

    @Test
    void engineRangesAreMatchedAgainstTheImagesMajorVersion() {
        for (String ok : List.of("22", "22.x", "^22.1.0", "~22.3", ">=18", ">=18 <23", "18 - 22", "*", "20 || 22", "")) {
            assertTrue(NodeDockerfile.satisfies(ok, 22), ok);
        }
        for (String no : List.of("20", "^20.1.0", ">=23", ">=18 <22", "14 - 18", "18.x || 20.x")) {
            assertFalse(NodeDockerfile.satisfies(no, 22), no);
        }
    }

    @Test
    void aWarningSaysWhichImageIsUsedWhenTheRangeAsksForAnother() throws Exception {
        WrittenDockerfile plan = NodeDockerfile.plan("{\"engines\":{\"node\":\"18.x\"},\"scripts\":{\"start\":\"x\"}}",
                IMAGE, LOCK);
        assertEquals(List.of("! package.json asks for node 18.x; building with " + IMAGE
                + " (the box's HIY_NODE_IMAGE; ask the admin for another, or add a Dockerfile)"), plan.warnings());
        assertEquals(List.of(), NodeDockerfile.plan("{\"engines\":{\"node\":\">=20\"},\"scripts\":{\"start\":\"x\"}}",
                IMAGE, LOCK).warnings());
    }

    @Test
    void aYarnLockWithoutAnNpmLockIsNamedInAWarning() throws Exception {
        WrittenDockerfile plan = NodeDockerfile.plan("{\"scripts\":{\"start\":\"x\"}}", IMAGE,
                new NodeDockerfile.Files(false, false, true, false, false, false));
        assertTrue(plan.warnings().get(0).startsWith("! yarn.lock found: HIY installs with npm install"), plan.warnings().toString());
    }
}
