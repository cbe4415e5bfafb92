///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION conf: see, filter and watch Bandwidth Voice API conferences (get, list, member, recordings, simulate, demo)
//DEPS info.picocli:picocli:4.7.7
//DEPS io.github.openfeign:feign-core:13.9
//DEPS io.github.openfeign:feign-jackson:13.9
//DEPS com.fasterxml.jackson.datatype:jackson-datatype-jsr310:2.21.0
//DEPS jakarta.json:jakarta.json-api:2.1.3
//DEPS org.eclipse.parsson:parsson:1.1.7
//DEPS org.graalvm.polyglot:polyglot:25.5.5.0.3
//DEPS org.graalvm.js:js-language:25.5.5.0.3
// Jetty is the webhook server of `listen` only; no other command loads a class of it.
//DEPS org.eclipse.jetty:jetty-server:12.1.13
//DEPS org.slf4j:slf4j-nop:2.0.17
// The Prometheus client serves `watch` and `listen`'s --metrics-port only; no other command loads a class of it.
//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-exporter-httpserver:1.10.0
// JLine draws `top`'s screen and reads its keys; no other command loads a class of it.
//DEPS org.jline:jline:3.30.6
//SOURCES lib/conftool/**.java
// The sources are UTF-8; before JDK 18 javac reads them in the locale's charset, which is ASCII under LANG=C
// (cron, containers, `env -i`), and the build would fail there.
//COMPILE_OPTIONS -encoding UTF-8
// JDK 24+ warns on stderr when GraalJS loads its native library and uses sun.misc.Unsafe; JDK 17 accepts both
// options (the property form, since JDK 17 has no --sun-misc-unsafe-memory-access).
//JAVA_OPTIONS -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -Dsun.misc.unsafe.memory.access=allow
// The JVM's own warnings go to stdout unless told otherwise, and the run that writes the class-data archive below
// warns about every class it cannot archive: stdout must carry conf's output alone (`conf get -o json | jq`).
//JAVA_OPTIONS -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off:stderr
// Class-data sharing: jbang writes an archive of the classes the first run after a build loaded, and maps it in
// every run after (JDK 13+). Measured on the warm `./jbang conf.java get`: see bench/startup.sh and DEVELOPERS.md.
//CDS

/**
 * The conf command line. Everything lives in lib/ (packages conftool.*); this file only names the
 * dependencies and starts {@link conftool.cli.Main}, which hands anything but a plain get to the picocli root.
 */
public class conf {
    public static void main(String... args) {
        conftool.cli.Main.main(args);
    }
}
