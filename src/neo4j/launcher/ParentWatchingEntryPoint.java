import java.io.IOException;

/**
 * Starts Neo4j Community and ties its life to the parent process.
 *
 * The Node.js launcher keeps this JVM's standard input open as a pipe. When the parent goes away
 * for any reason (a clean exit, Ctrl-C, SIGTERM, or a crash or SIGKILL that runs no handler),
 * the kernel closes the pipe, the read below sees end-of-file, and System.exit runs Neo4j's
 * shutdown hook, so the store is closed cleanly and no orphan JVM is left holding the port.
 */
public final class ParentWatchingEntryPoint {
    private ParentWatchingEntryPoint() {}

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(ParentWatchingEntryPoint::exitWhenParentGoes, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        org.neo4j.server.CommunityEntryPoint.main(args);
    }

    private static void exitWhenParentGoes() {
        try {
            while (System.in.read() != -1) {
                // Input is ignored; only end-of-file matters.
            }
        } catch (IOException ignored) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
        System.exit(0);
    }
}
