///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Hook throughput through the whole path (record -> JSON -> GraalJS filter+map -> JSON out), N members.
//SOURCES ../conf.java

import conftool.client.ApiJson;
import conftool.hooks.HookSession;
import conftool.hooks.HookSpec;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage: HookThroughput MEMBERS NDJSON_OUT [FILTER MAP]. Writes the same members as NDJSON (one member per line) to
 * NDJSON_OUT for jq, then times conf's hook path over them as conferences of 20, three rounds, and prints one line
 * per round: "conf-hooks round N: X ms, Y members/s, Z kept".
 */
public class HookThroughput {
    public static void main(String... args) throws Exception {
        int total = Integer.parseInt(args[0]);
        Path ndjson = Path.of(args[1]);
        String filter = args.length > 2 ? args[2] : "m.mute && !m.hold";
        String map = args.length > 3 ? args[3] : "({call: m.callId, muted: m.mute})";
        ObjectMapper json = ApiJson.mapper();
        List<Conference> conferences = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(ndjson)) {
            for (int c = 0; c * 20 < total; c++) {
                String id = String.format("conf-%08x-0000-0000-0000-000000000000", c);
                List<ConferenceMember> members = new ArrayList<>();
                for (int i = 0; i < 20 && c * 20 + i < total; i++) {
                    int n = c * 20 + i;
                    String call = String.format("c-%08x-0000-0000-0000-000000000000", n);
                    ConferenceMember m = new ConferenceMember(call, id, "https://voice.bandwidth.com/api/v2/accounts/"
                            + "9900000/conferences/" + id + "/members/" + call, n % 2 == 0, n % 3 == 0,
                            n % 7 == 0 ? List.of("c-coached") : List.of());
                    members.add(m);
                    w.write(json.writeValueAsString(m));
                    w.newLine();
                }
                conferences.add(new Conference(id, "room-" + c, Instant.parse("2026-01-05T10:00:00Z"), null, null,
                        null, null, members));
            }
        }
        try (HookSession s = HookSession.open(List.of(HookSpec.filter(filter), HookSpec.map(map)),
                HookSession.Settings.defaults(), new PrintWriter(System.err, true));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of("/dev/null")))) {
            for (int round = 1; round <= 3; round++) {
                long start = System.nanoTime();
                long kept = 0;
                Instant now = Instant.now();
                for (Conference c : conferences) {
                    HookSession.Outcome o = s.apply(c, json.writeValueAsString(c), now);
                    for (String v : o.mapped()) {
                        out.println(v);
                    }
                    kept += o.kept().size();
                }
                out.flush();
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("conf-hooks round %d: %d ms, %.0f members/s, %d kept%n", round, ms,
                        total * 1000.0 / Math.max(ms, 1), kept);
            }
        }
    }
}
