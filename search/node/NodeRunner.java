// Starts one OpenSearch node with org.codelibs.opensearch.runner.OpenSearchRunner, but with
// the settings of CONF/opensearch.yml taking precedence over the runner's own defaults.
//
// The runner fills in node.name, node.roles and discovery.type (single-node for one node
// per process) unless they are already set when it builds the node's settings, and
// OpenSearch lets those settings win over opensearch.yml. Loading the file first lets
// start.sh run each node of a cluster in a JVM of its own (so that one can be stopped
// alone), joined by discovery.seed_hosts. Run by start.sh with Java's source launcher:
//
//   java -cp "LIB/*" search/node/NodeRunner.java -confPath CONF [runner options]
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.codelibs.opensearch.runner.OpenSearchRunner;

public class NodeRunner {
    public static void main(String[] args) throws Exception {
        Path yaml = Path.of(option(args, "-confPath"), "opensearch.yml");
        OpenSearchRunner runner = new OpenSearchRunner();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(runner)));
        runner.onBuild((index, settings) -> {
            try {
                settings.loadFromPath(yaml);
            } catch (IOException error) {
                throw new UncheckedIOException(error);
            }
        });
        try {
            runner.build(args);
        } catch (RuntimeException error) {
            error.printStackTrace();
            close(runner);
            System.exit(1);
        }
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException(name + " is required");
    }

    private static void close(OpenSearchRunner runner) {
        try {
            if (!runner.isClosed()) {
                runner.close();
            }
        } catch (IOException error) {
            error.printStackTrace();
        }
    }
}
