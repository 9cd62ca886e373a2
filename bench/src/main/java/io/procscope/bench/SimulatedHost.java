package io.procscope.bench;

import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One simulated host: a Linux node with a realistic population of processes (kernel threads,
 * system daemons, a role's services, Kubernetes pods) that churns between reports the way real
 * hosts do. Per report, about 95% of processes are unchanged (same CPU, same RSS, same object), a
 * busy few (about 4%) move in CPU, RSS, threads and state, and about 1% exit while as many start
 * with new pids and start times. Seeded: the same seed gives the same reports, except their ids.
 */
final class SimulatedHost {

    /** What a host mostly runs; decides which services and short-lived commands it has. */
    enum Role {
        DATABASE,
        APP,
        KUBERNETES
    }

    private static final long MIB = 1L << 20;
    private static final int PID_MAX = 4_194_304;

    private final String hostname;
    private final Role role;
    private final Random random;
    private final long intervalMillis;
    private final double churnRate;
    private final long bootTimeMillis;
    private final int cpus;
    private final long memoryTotalBytes;
    private final Map<Integer, Proc> processes = new LinkedHashMap<>();
    private final List<Proc> spawners = new ArrayList<>();
    private int nextPid;
    private long collectedAtMillis;
    private long networkReceived;
    private long networkSent;

    /**
     * @param hostname the host's name
     * @param size processes on the host, kept constant: as many start as exit
     * @param firstReportMillis when the first report is collected, ms since the epoch
     * @param intervalMillis time between two reports, ms
     * @param busyRate share of processes whose CPU and RSS move every report, for example 0.04
     * @param churnRate share of processes that exit (and as many start) per report, for example 0.01
     * @param seed random seed
     */
    SimulatedHost(
            String hostname,
            int size,
            long firstReportMillis,
            long intervalMillis,
            double busyRate,
            double churnRate,
            long seed) {
        this.hostname = hostname;
        this.random = new Random(seed);
        this.role = Role.values()[Math.floorMod(hostname.hashCode(), Role.values().length)];
        this.intervalMillis = intervalMillis;
        this.churnRate = churnRate;
        this.cpus = 8 << random.nextInt(3);
        this.memoryTotalBytes = (32L << 30) << random.nextInt(3);
        this.bootTimeMillis = firstReportMillis - (3 + random.nextInt(60)) * 86_400_000L;
        this.collectedAtMillis = firstReportMillis - intervalMillis;
        this.nextPid = 300 + random.nextInt(2000);
        this.networkReceived = (long) (random.nextDouble() * (1L << 40));
        this.networkSent = (long) (random.nextDouble() * (1L << 40));
        populate(size);
        pickBusy((int) Math.round(size * busyRate));
    }

    String hostname() {
        return hostname;
    }

    /** The next report: time moves one interval, processes exit, start and move. */
    HostReport nextReport() {
        return nextReportAt(collectedAtMillis + intervalMillis);
    }

    /**
     * The next report, collected at {@code atMillis} (ms since the epoch, after the last report's):
     * as {@link #nextReport()}, for a simulated agent that runs on the wall clock and may run late.
     */
    HostReport nextReportAt(long atMillis) {
        collectedAtMillis = atMillis;
        churn();
        for (Proc p : processes.values()) {
            if (p.busy) {
                p.move(random);
            }
        }
        List<ProcessInfo> infos = new ArrayList<>(processes.size());
        for (Proc p : processes.values()) {
            infos.add(p.info());
        }
        return new HostReport(
                HostReport.SCHEMA_VERSION,
                UUID.randomUUID(),
                "0.1.0-bench",
                collectedAtMillis,
                new HostInfo(
                        hostname,
                        "Debian GNU/Linux",
                        "12 (bookworm)",
                        "6.1.0-18-amd64",
                        "linux",
                        "amd64",
                        cpus,
                        memoryTotalBytes,
                        bootTimeMillis),
                metrics(infos),
                infos,
                intervalMillis);
    }

    private SystemMetrics metrics(List<ProcessInfo> infos) {
        double cpu = 0;
        long rss = 0;
        for (ProcessInfo p : infos) {
            cpu += p.cpuPercent() == null ? 0 : p.cpuPercent();
            rss += p.rssBytes() == null ? 0 : p.rssBytes();
        }
        networkReceived += random.nextInt(50_000_000);
        networkSent += random.nextInt(20_000_000);
        long used = Math.min(memoryTotalBytes, rss + (2L << 30));
        double load = cpu / 100.0;
        return new SystemMetrics(
                Math.min(100.0, round1(cpu / cpus)),
                used,
                memoryTotalBytes,
                64 * MIB,
                4L << 30,
                round2(load),
                round2(load * 0.9),
                round2(load * 0.8),
                List.of(
                        new FileSystemUsage("/", "ext4", 18L << 30, 100L << 30),
                        new FileSystemUsage("/var/lib/containerd", "xfs", 140L << 30, 500L << 30),
                        new FileSystemUsage("/boot", "ext4", 120 * MIB, 1L << 30)),
                networkReceived,
                networkSent);
    }

    // --- the population ------------------------------------------------------------------------

    private void populate(int size) {
        long boot = bootTimeMillis;
        Proc init = add(fixed(1, 0, "systemd", "/usr/lib/systemd/systemd", "/sbin/init", "root", boot, 12, 4));
        init.cwd = "/";
        Proc kthreadd = add(kernel(2, "kthreadd", boot));
        spawners.add(init);
        List<Proc> userland = new ArrayList<>();
        for (String[] daemon : DAEMONS) {
            userland.add(daemon(init, daemon[0], daemon[1], daemon[2], boot + random.nextInt(30_000)));
        }
        Proc sshd = userland.get(6);
        Proc cron = userland.get(5);
        spawners.add(cron);
        for (String person : List.of("alice", "bob")) {
            long login = collectedAtMillis - random.nextInt(6 * 3600) * 1000L;
            Proc priv = daemon(sshd, "sshd", "sshd: " + person + " [priv]", "root", login);
            Proc session = daemon(priv, "sshd", "sshd: " + person + "@pts/" + random.nextInt(4), person, login);
            Proc shell = daemon(session, "bash", "-bash", person, login + 200);
            shell.cwd = "/home/" + person;
            spawners.add(shell);
            userland.add(priv);
            userland.add(session);
            userland.add(shell);
        }
        for (Proc p : userland) {
            if (p.name.equals("kubelet")) {
                spawners.add(p);
            }
        }
        userland.addAll(roleServices(init, size));
        // Pods fill the host up to about 60% user processes; kernel threads make up the rest.
        int userTarget = Math.max(userland.size(), (int) (size * 0.6));
        int pod = 0;
        while (userland.size() < userTarget) {
            userland.addAll(pod(init, pod++));
        }
        for (Proc p : userland) {
            if (processes.size() + 1 < size) {
                add(p);
            }
        }
        for (int i = 0; processes.size() < size; i++) {
            Proc k = kernel(nextPid(), kernelName(i), boot + random.nextInt(60_000));
            k.ppid = kthreadd.pid;
            k.churnable = k.name.startsWith("kworker");
            add(k);
        }
    }

    /** The services of this host's role, under init. */
    private List<Proc> roleServices(Proc init, int size) {
        List<Proc> procs = new ArrayList<>();
        long started = bootTimeMillis + 40_000 + random.nextInt(3_600_000);
        switch (role) {
            case DATABASE -> {
                Proc postmaster = daemon(
                        init,
                        "postgres",
                        "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main"
                                + " -c config_file=/etc/postgresql/15/main/postgresql.conf",
                        "postgres",
                        started);
                postmaster.rss = 220 * MIB;
                procs.add(postmaster);
                for (String worker : List.of(
                        "checkpointer",
                        "background writer",
                        "walwriter",
                        "autovacuum launcher",
                        "logical replication launcher")) {
                    procs.add(daemon(postmaster, "postgres", "postgres: 15/main: " + worker, "postgres", started));
                }
                int backends = Math.max(4, size / 20);
                for (int i = 0; i < backends; i++) {
                    Proc b = postgresBackend(postmaster, started + random.nextInt(86_400_000));
                    procs.add(b);
                }
                procs.add(daemon(
                        init, "pgbouncer", "/usr/sbin/pgbouncer /etc/pgbouncer/pgbouncer.ini", "postgres", started));
                procs.add(daemon(
                        init,
                        "postgres_export",
                        "/usr/local/bin/postgres_exporter --web.listen-address=:9187"
                                + " --extend.query-path=/etc/postgres_exporter/queries.yaml",
                        "prometheus",
                        started));
                spawners.add(postmaster);
            }
            case APP -> {
                Proc orders = daemon(
                        init,
                        "java",
                        "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xms2g -Xmx2g -XX:+UseG1GC"
                                + " -XX:MaxGCPauseMillis=200 -Dspring.profiles.active=prod -Dserver.port=8080"
                                + " -Dspring.datasource.url=jdbc:postgresql://db-01.internal:5432/orders"
                                + " -jar /opt/orders/orders-service-3.14.2.jar",
                        "orders",
                        started);
                orders.rss = 2300 * MIB;
                orders.threads = 87;
                procs.add(orders);
                spawners.add(orders);
                Proc master = daemon(
                        init,
                        "nginx",
                        "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;",
                        "root",
                        started);
                procs.add(master);
                for (int i = 0; i < 4; i++) {
                    procs.add(daemon(master, "nginx", "nginx: worker process", "www-data", started));
                }
                Proc gunicorn = daemon(
                        init,
                        "gunicorn",
                        "/opt/shop/venv/bin/python3 /opt/shop/venv/bin/gunicorn --workers 8"
                                + " --bind 0.0.0.0:8000 shop.wsgi:application",
                        "shop",
                        started);
                procs.add(gunicorn);
                for (int i = 0; i < 8; i++) {
                    Proc w = daemon(
                            gunicorn, "gunicorn", gunicorn.commandLine, "shop", started + random.nextInt(80_000_000));
                    w.churnable = true;
                    procs.add(w);
                }
                procs.add(daemon(init, "redis-server", "/usr/bin/redis-server 127.0.0.1:6379", "redis", started));
            }
            case KUBERNETES -> {
                Proc kafka = daemon(
                        init,
                        "java",
                        "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx4g -Xms4g -server -XX:+UseG1GC"
                                + " -Dkafka.logs.dir=/var/log/kafka -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties"
                                + " -cp /opt/kafka/libs/* kafka.Kafka /opt/kafka/config/server.properties",
                        "kafka",
                        started);
                kafka.rss = 4400 * MIB;
                kafka.threads = 120;
                procs.add(kafka);
            }
        }
        return procs;
    }

    /** A pod: its containerd shim, the pause container and one to three application processes. */
    private List<Proc> pod(Proc init, int index) {
        long started = bootTimeMillis + 100_000 + random.nextInt(86_400_000);
        List<Proc> procs = new ArrayList<>();
        Proc shim = daemon(
                init,
                "containerd-shim",
                "/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id " + hex(64) + " -address "
                        + "/run/containerd/containerd.sock",
                "root",
                started);
        shim.rss = 9 * MIB + random.nextInt(4) * MIB;
        shim.threads = 11;
        procs.add(shim);
        Proc pause = daemon(shim, "pause", "/pause", "65535", started + 300);
        pause.rss = 400 * 1024;
        procs.add(pause);
        PodApp app = pickPodApp();
        Proc main = daemon(shim, app.name(), app.commandLine(), app.user(), started + 900);
        main.rss = (long) (app.rssMib() * MIB * (0.8 + random.nextDouble() * 0.4));
        main.threads = app.threads();
        procs.add(main);
        for (String child : app.children()) {
            Proc p = daemon(main, app.name(), child, app.user(), started + 1500);
            p.rss = main.rss / 3;
            procs.add(p);
        }
        if (index % 3 == 0) {
            spawners.add(shim);
        }
        return procs;
    }

    private PodApp pickPodApp() {
        int total = POD_APPS.stream().mapToInt(PodApp::weight).sum();
        int n = random.nextInt(total);
        for (PodApp app : POD_APPS) {
            n -= app.weight();
            if (n < 0) {
                return app;
            }
        }
        throw new IllegalStateException("weights add up");
    }

    private Proc postgresBackend(Proc postmaster, long started) {
        Proc b = daemon(
                postmaster,
                "postgres",
                "postgres: 15/main: " + pick(List.of("orders", "shop", "reporting")) + " "
                        + pick(List.of("orders", "shop", "analytics")) + " 10.0." + random.nextInt(8) + "."
                        + (2 + random.nextInt(250)) + "(" + (32768 + random.nextInt(28000)) + ") idle",
                "postgres",
                started);
        b.rss = (12 + random.nextInt(40)) * MIB;
        b.churnable = true;
        return b;
    }

    /** Picks the processes that move every report: services first, then anything in user land. */
    private void pickBusy(int count) {
        List<Proc> candidates = new ArrayList<>();
        List<Proc> rest = new ArrayList<>();
        for (Proc p : processes.values()) {
            if (p.exe == null || p.pid == 1) {
                continue;
            }
            boolean service = p.rss >= 100 * MIB
                    || Set.of("java", "node", "postgres", "gunicorn", "nginx", "kubelet", "containerd", "redis-server")
                            .contains(p.name);
            (service ? candidates : rest).add(p);
        }
        Collections.shuffle(candidates, random);
        Collections.shuffle(rest, random);
        candidates.addAll(rest);
        for (int i = 0; i < Math.min(count, candidates.size()); i++) {
            Proc p = candidates.get(i);
            p.busy = true;
            p.churnable = false;
            p.baseCpu = p.rss >= 1000 * MIB ? 20 + random.nextDouble() * 80 : 1 + random.nextDouble() * 15;
            p.baseRss = Math.max(p.rss, 8 * MIB);
        }
    }

    // --- churn ------------------------------------------------------------------------------------

    private void churn() {
        double expected = processes.size() * churnRate;
        int count = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
        Set<Integer> parents = new HashSet<>();
        for (Proc p : processes.values()) {
            parents.add(p.ppid);
        }
        List<Proc> exitable = new ArrayList<>();
        for (Proc p : processes.values()) {
            if (p.churnable && !parents.contains(p.pid)) {
                exitable.add(p);
            }
        }
        int exits = Math.min(count, exitable.size());
        for (int i = 0; i < exits; i++) {
            Proc gone = exitable.remove(random.nextInt(exitable.size()));
            processes.remove(gone.pid);
        }
        for (int i = 0; i < exits; i++) {
            add(start());
        }
    }

    /** A process that started since the last report: a command, a backend, a worker. */
    private Proc start() {
        long started = collectedAtMillis - 1 - random.nextInt((int) Math.max(1, intervalMillis - 1));
        double kind = random.nextDouble();
        if (kind < 0.25) {
            Proc k =
                    kernel(nextPid(), "kworker/u" + (2 * cpus) + ":" + random.nextInt(40) + "-events_unbound", started);
            k.ppid = 2;
            k.churnable = true;
            return k;
        }
        if (kind < 0.45 && role == Role.DATABASE) {
            Proc postmaster = processes.values().stream()
                    .filter(p -> p.name.equals("postgres") && p.ppid == 1)
                    .findFirst()
                    .orElse(null);
            if (postmaster != null) {
                return postgresBackend(postmaster, started);
            }
        }
        Proc parent = spawners.get(random.nextInt(spawners.size()));
        if (!processes.containsKey(parent.pid)) {
            parent = processes.get(1);
        }
        String[] command = COMMANDS[random.nextInt(COMMANDS.length)];
        String user = command[2].isEmpty() ? parent.user : command[2];
        Proc p = daemon(parent, command[0], command[1], user, started);
        p.churnable = true;
        p.rss = (1 + random.nextInt(12)) * MIB + random.nextInt(1024) * 1024L;
        p.threads = 1;
        p.cpu = random.nextDouble() < 0.6 ? 0.0 : round1(random.nextDouble() * 30);
        p.status = random.nextDouble() < 0.3 ? ProcessStatus.RUNNING : ProcessStatus.SLEEPING;
        return p;
    }

    // --- building blocks --------------------------------------------------------------------------

    private Proc add(Proc p) {
        processes.put(p.pid, p);
        return p;
    }

    private int nextPid() {
        int pid = nextPid++;
        if (nextPid >= PID_MAX) {
            nextPid = 300;
        }
        while (processes.containsKey(nextPid)) {
            nextPid++;
        }
        return pid;
    }

    private Proc daemon(Proc parent, String name, String commandLine, String user, long started) {
        String exe = commandLine.startsWith("/") ? commandLine.split(" ", 2)[0] : "/usr/bin/" + name.replace(':', '-');
        Proc p = fixed(nextPid(), parent.pid, name, exe, commandLine, user, started, 2 + random.nextInt(30), 1);
        p.threads = 1 + random.nextInt(8);
        p.cwd = user.equals("root") ? "/" : "/var/lib/" + user;
        return p;
    }

    private Proc fixed(
            int pid,
            int ppid,
            String name,
            String exe,
            String commandLine,
            String user,
            long started,
            long rssMib,
            int threads) {
        Proc p = new Proc();
        p.pid = pid;
        p.ppid = ppid;
        p.name = name;
        p.exe = exe;
        p.commandLine = commandLine;
        p.user = user;
        p.startTimeMillis = started;
        p.status = ProcessStatus.SLEEPING;
        p.cpu = 0.0;
        p.rss = rssMib * MIB + random.nextInt(256) * 4096L;
        p.vmsFactor = 3 + random.nextInt(20);
        p.threads = threads;
        p.nice = 0;
        return p;
    }

    private Proc kernel(int pid, String name, long started) {
        Proc p = new Proc();
        p.pid = pid;
        p.ppid = 0;
        p.name = name;
        p.user = "root";
        p.startTimeMillis = started;
        p.status = name.startsWith("kworker") ? ProcessStatus.IDLE : ProcessStatus.SLEEPING;
        p.cpu = 0.0;
        p.rss = 0;
        p.vmsFactor = 0;
        p.threads = 1;
        p.nice = name.contains("H") ? -20 : 0;
        return p;
    }

    private String kernelName(int i) {
        int cpu = i % cpus;
        return switch (i % 9) {
            case 0 -> "ksoftirqd/" + cpu;
            case 1 -> "migration/" + cpu;
            case 2 -> "cpuhp/" + cpu;
            case 3 -> "kworker/" + cpu + ":" + (i / 9) + "H-events_highpri";
            case 4 -> "kworker/" + cpu + ":" + (i / 9) + "-events";
            case 5 -> "kworker/u" + (2 * cpus) + ":" + (i / 9) + "-flush-8:0";
            case 6 -> "idle_inject/" + cpu;
            case 7 -> KERNEL_SINGLETONS[(i / 9) % KERNEL_SINGLETONS.length];
            default -> "irq/" + (120 + i) + "-pciehp";
        };
    }

    private String hex(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** One process's mutable state; its wire record is built again only after it changed. */
    private static final class Proc {
        int pid;
        int ppid;
        String name;
        String exe;
        String commandLine;
        String user;
        String cwd;
        ProcessStatus status;
        long startTimeMillis;
        double cpu;
        long rss;
        int vmsFactor;
        int threads;
        int nice;
        boolean busy;
        boolean churnable;
        double baseCpu;
        long baseRss;
        ProcessInfo info;

        /** A busy process's CPU and RSS move; now and then its threads and state too. */
        void move(Random random) {
            cpu = round1(Math.max(0.1, baseCpu * (0.4 + random.nextDouble() * 1.2)));
            double drift = (random.nextDouble() - 0.5) * 0.06;
            rss = Math.max(MIB, (long) (rss * (1 + drift)));
            if (Math.abs(rss - baseRss) > baseRss / 10) {
                rss = baseRss;
            }
            if (random.nextDouble() < 0.05) {
                threads = Math.max(1, threads + (random.nextBoolean() ? 1 : -1));
            }
            status = random.nextDouble() < Math.min(0.8, cpu / 100) ? ProcessStatus.RUNNING : ProcessStatus.SLEEPING;
            info = null;
        }

        ProcessInfo info() {
            if (info == null) {
                info = new ProcessInfo(
                        pid,
                        ppid,
                        name,
                        exe,
                        commandLine,
                        user,
                        status,
                        startTimeMillis,
                        cpu,
                        rss,
                        rss * vmsFactor,
                        threads,
                        nice,
                        cwd);
            }
            return info;
        }
    }

    /** System daemons every host runs: name, command line, user. Order matters: cron at 5, sshd at 6. */
    private static final String[][] DAEMONS = {
        {"systemd-journal", "/usr/lib/systemd/systemd-journald", "root"},
        {"systemd-udevd", "/usr/lib/systemd/systemd-udevd", "root"},
        {"systemd-logind", "/usr/lib/systemd/systemd-logind", "root"},
        {
            "dbus-daemon",
            "/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation"
                    + " --syslog-only",
            "messagebus"
        },
        {"rsyslogd", "/usr/sbin/rsyslogd -n -iNONE", "root"},
        {"cron", "/usr/sbin/cron -f", "root"},
        {"sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", "root"},
        {"chronyd", "/usr/sbin/chronyd -F 1", "_chrony"},
        {"agetty", "/sbin/agetty -o -p -- \\u --noclear - linux", "root"},
        {"containerd", "/usr/bin/containerd", "root"},
        {
            "kubelet",
            "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf"
                    + " --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml"
                    + " --container-runtime-endpoint=unix:///run/containerd/containerd.sock",
            "root"
        },
        {
            "node_exporter",
            "/usr/local/bin/node_exporter --path.procfs=/host/proc --path.sysfs=/host/sys" + " --collector.systemd",
            "prometheus"
        },
        {
            "java",
            "java -Xmx16m -Xms4m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k"
                    + " -jar /opt/procscope/procscope-agent.jar",
            "root"
        },
        {"polkitd", "/usr/lib/polkit-1/polkitd --no-debug", "polkitd"},
        {
            "unattended-upgr",
            "/usr/bin/python3 /usr/share/unattended-upgrades/unattended-upgrade-shutdown" + " --wait-for-signal",
            "root"
        },
    };

    /** A container's main process, how common it is, and the processes it forks. */
    private record PodApp(
            int weight, String name, String commandLine, String user, int rssMib, int threads, String... children) {}

    /** Containers a node runs, weighted: many web services, few databases. */
    private static final List<PodApp> POD_APPS = List.of(
            new PodApp(
                    4,
                    "java",
                    "java -XX:MaxRAMPercentage=75 -Dquarkus.http.host=0.0.0.0 -jar /deployments/quarkus-run.jar",
                    "185",
                    380,
                    42),
            new PodApp(
                    2,
                    "java",
                    "java -Xmx1g -cp /app/resources:/app/classes:/app/libs/* com.example.billing.BillingApplication",
                    "1001",
                    700,
                    55),
            new PodApp(3, "node", "node /usr/src/app/dist/server.js --port 3000", "1000", 160, 11),
            new PodApp(
                    2,
                    "python3",
                    "/usr/local/bin/python3 -m celery -A tasks worker --loglevel=INFO --concurrency=2",
                    "1000",
                    120,
                    3,
                    "/usr/local/bin/python3 -m celery -A tasks worker --loglevel=INFO --concurrency=2"),
            new PodApp(
                    2,
                    "envoy",
                    "envoy -c /etc/envoy/envoy.yaml --service-cluster front --log-level warn",
                    "101",
                    70,
                    18),
            new PodApp(2, "nginx", "nginx: master process nginx -g daemon off;", "root", 8, 1, "nginx: worker process"),
            new PodApp(1, "coredns", "/coredns -conf /etc/coredns/Corefile", "root", 45, 14),
            new PodApp(
                    1,
                    "kube-proxy",
                    "/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf"
                            + " --hostname-override=$(NODE_NAME)",
                    "root",
                    60,
                    9),
            new PodApp(1, "fluent-bit", "/fluent-bit/bin/fluent-bit -c /fluent-bit/etc/fluent-bit.conf", "root", 30, 6),
            new PodApp(1, "redis-server", "redis-server *:6379", "999", 25, 5),
            new PodApp(
                    1,
                    "postgres",
                    "postgres -c max_connections=200 -c shared_buffers=256MB",
                    "999",
                    90,
                    1,
                    "postgres: checkpointer",
                    "postgres: background writer",
                    "postgres: walwriter"),
            new PodApp(
                    1,
                    "prometheus",
                    "/bin/prometheus --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus"
                            + " --storage.tsdb.retention.time=15d",
                    "65534",
                    900,
                    24));

    /** Short-lived commands: name, command line, user (empty: the parent's). */
    private static final String[][] COMMANDS = {
        {"sh", "/bin/sh -c /usr/lib/sysstat/debian-sa1 1 1", "root"},
        {"sadc", "/usr/lib/sysstat/sadc -F -L -S DISK 1 1 /var/log/sysstat", "root"},
        {"run-parts", "run-parts --report /etc/cron.hourly", "root"},
        {"runc", "runc init", "root"},
        {"sh", "sh -c pg_isready -U postgres -h 127.0.0.1 -p 5432", ""},
        {"pg_isready", "/usr/lib/postgresql/15/bin/pg_isready -U postgres -h 127.0.0.1 -p 5432", ""},
        {"curl", "curl -fsS --max-time 2 http://127.0.0.1:8080/q/health/ready", ""},
        {"grpc_health_pro", "/bin/grpc_health_probe -addr=:8081", ""},
        {"iptables", "iptables -w 5 -W 100000 -t nat -S KUBE-SERVICES", "root"},
        {"sleep", "sleep 5", ""},
        {"ps", "ps aux --sort=-%mem", ""},
        {"grep", "grep -r ERROR /var/log/app/app.log", ""},
        {"kubectl", "kubectl get pods -A -o wide", ""},
        {"git", "git fetch --prune origin", ""},
        {"python3", "/usr/bin/python3 /opt/scripts/check_disk.py --threshold 90", ""},
        {"psql", "psql postgres://reporting@db-01.internal:5432/orders -c select count(*) from orders", ""},
        {"logrotate", "/usr/sbin/logrotate /etc/logrotate.conf", "root"},
        {"df", "df -P /data", ""},
        {"java", "java -version", ""},
        {"du", "du -sh /var/lib/containerd", "root"},
    };

    private static final String[] KERNEL_SINGLETONS = {
        "rcu_gp",
        "rcu_par_gp",
        "kcompactd0",
        "khugepaged",
        "kswapd0",
        "watchdogd",
        "kblockd",
        "jbd2/sda1-8",
        "ext4-rsv-conver",
        "xfsaild/dm-0",
        "scsi_eh_0",
        "kthrotld",
        "blkcg_punt_bio",
        "zswap-shrink",
        "kauditd",
        "oom_reaper",
        "writeback",
        "kintegrityd",
        "edac-poller",
        "devfreq_wq",
        "mm_percpu_wq",
        "netns",
        "inet_frag_wq",
        "tpm_dev_wq",
        "ipv6_addrconf",
        "kstrp",
        "charger_manager",
        "nvme-wq",
        "ata_sff"
    };

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s, %d processes)", hostname, role, processes.size());
    }
}
