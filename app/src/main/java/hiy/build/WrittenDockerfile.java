package hiy.build;

import java.util.List;

/** A Dockerfile HIY wrote for a commit, and the warnings the push prints about how it decided. */
record WrittenDockerfile(String text, List<String> warnings) { }
