import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;

/**
 * Readiness probe used by lab/lab-up.sh.
 *
 * <p>Usage: {@code LabCheck TIMEOUT_SECONDS NAME=BOOTSTRAP=BROKERS ...}
 *
 * <p>Polls every cluster until it reports exactly BROKERS live (registered and
 * unfenced) brokers and answers a metadata request. One JVM checks all
 * clusters, so a warm lab is verified in about a second. Exit code 0 when all
 * are ready, 1 on timeout (the not-ready clusters are named on stderr).
 */
public final class LabCheck {

    private static final class Cluster {
        final String name;
        final int expected;
        final Admin admin;
        String status = "not contacted yet";
        boolean ready;

        Cluster(String name, String bootstrap, int expected) {
            this.name = name;
            this.expected = expected;
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "lab-check-" + name);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
            // Brokers may still be binding their ports: retry fast.
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
            p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
            p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "500");
            this.admin = Admin.create(p);
        }

        void poll() {
            try {
                Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                List<String> ids = new ArrayList<>();
                for (Node n : nodes) {
                    ids.add(n.id() + (n.hasRack() ? "@" + n.rack() : ""));
                }
                ids.sort(null);
                if (nodes.size() != expected) {
                    status = nodes.size() + "/" + expected + " brokers " + ids;
                    return;
                }
                // A plain metadata request must work too, not only DescribeCluster.
                admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(5, TimeUnit.SECONDS);
                status = "ready, brokers " + ids;
                ready = true;
            } catch (Exception e) {
                Throwable c = e;
                while (c.getCause() != null) {
                    c = c.getCause();
                }
                status = c.getClass().getSimpleName() + ": " + c.getMessage();
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: LabCheck TIMEOUT_SECONDS NAME=BOOTSTRAP=BROKERS ...");
            System.exit(2);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] f = args[i].split("=", 3);
            clusters.put(f[0], new Cluster(f[0], f[1], Integer.parseInt(f[2])));
        }

        boolean allReady = false;
        while (!allReady && System.nanoTime() < deadline) {
            allReady = true;
            for (Cluster c : clusters.values()) {
                if (!c.ready) {
                    c.poll();
                    if (c.ready) {
                        System.out.println("  " + c.name + ": " + c.status);
                    }
                }
                allReady &= c.ready;
            }
            if (!allReady) {
                Thread.sleep(500);
            }
        }

        boolean ok = allReady;
        String scram = System.getProperty("lab.scram"); // CLUSTER,USER,PASSWORD_FILE
        if (allReady && scram != null) {
            ok = ensureScram(clusters, scram.split(",", 3));
        }
        for (Cluster c : clusters.values()) {
            if (!c.ready) {
                System.err.println("  " + c.name + ": NOT READY (" + c.status + ")");
            }
            c.admin.close(Duration.ofSeconds(1));
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * Sets the super user's SCRAM credentials, one mechanism per request (Kafka
     * refuses two changes of one user in a request). Done on every lab-up:
     * credentials written at format time did not survive broker restarts here.
     */
    private static boolean ensureScram(Map<String, Cluster> clusters, String[] f) {
        try {
            String password = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(f[2]))).trim();
            for (ScramMechanism m : new ScramMechanism[] {ScramMechanism.SCRAM_SHA_512, ScramMechanism.SCRAM_SHA_256}) {
                clusters.get(f[0]).admin.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion(f[1], new ScramCredentialInfo(m, 8192), password)))
                    .all().get(10, TimeUnit.SECONDS);
            }
            return true;
        } catch (Exception e) {
            System.err.println("  " + f[0] + ": could not set the SCRAM credentials of " + f[1] + ": " + e);
            return false;
        }
    }
}
