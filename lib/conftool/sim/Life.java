package conftool.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Makes living conferences change as the clock moves: calls join and leave, get muted, held, coached; a conference
 * whose last call leaves completes. Seeded, so a run with the same seed and the same clock steps is the same run.
 */
public final class Life {

    private final World world;
    private final Random random;
    private Instant last;

    Life(World world, long seed) {
        this.world = world;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.last = world.clock().instant();
    }

    /** Creates {@code count} living conferences with a few members each. */
    public synchronized void populate(int count) {
        populate(count, null);
    }

    /** The same, with their webhooks going to {@code eventUrl}. */
    public synchronized void populate(int count, String eventUrl) {
        String[] names = {"standup.team-a", "support-bridge", "incident-4711", "sales.weekly", "oncall.handover"};
        for (int i = 0; i < count; i++) {
            String name = names[i % names.length] + (i < names.length ? "" : "-" + (i / names.length));
            String id = world.createConference(name, "tenant-" + (i % 7), eventUrl, true);
            int members = 2 + random.nextInt(6);
            for (int m = 0; m < members; m++) {
                String call = world.join(id, phone());
                if (random.nextInt(3) == 0) {
                    world.setMute(id, call, true);
                }
                if (random.nextInt(8) == 0) {
                    world.setHold(id, call, true);
                }
            }
        }
    }

    /** Plays what happened between the last call and the clock's now, one simulated second at a time. */
    public void catchUp() {
        synchronized (world) {
            catchUpLocked();
        }
    }

    private void catchUpLocked() {
        Instant now = world.clock().instant();
        long seconds = Duration.between(last, now).getSeconds();
        for (long s = 0; s < seconds; s++) {
            step();
        }
        last = last.plusSeconds(Math.max(0, seconds));
    }

    private void step() {
        for (String id : world.conferenceIds()) {
            SimConference c = world.find(id);
            if (c == null || !c.living || !c.active()) {
                continue;
            }
            List<String> members = world.memberIds(id);
            double r = random.nextDouble();
            if (r < 0.02 && members.size() < 20) {
                world.join(id, phone());
            } else if (r < 0.03 && members.size() > 1) {
                world.leave(id, pick(members));
            } else if (r < 0.06 && !members.isEmpty()) {
                String call = pick(members);
                world.setMute(id, call, !world.find(id).members.get(call).mute);
            } else if (r < 0.07 && !members.isEmpty()) {
                String call = pick(members);
                world.setHold(id, call, !world.find(id).members.get(call).hold);
            } else if (r < 0.072 && members.size() > 1) {
                String coach = members.get(0);
                world.setCoaching(id, coach, world.find(id).members.get(coach).callIdsToCoach.isEmpty()
                        ? List.of(members.get(1)) : List.of());
            }
        }
    }

    private String pick(List<String> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String phone() {
        return "+1919555" + String.format("%04d", random.nextInt(10_000));
    }
}
