package conftool.sim;

import java.time.Instant;

/** A recording the simulator holds, with the audio it serves. */
record SimRecording(String recordingId, String conferenceId, String name, Instant startTime, Instant endTime,
        String fileFormat, String status, byte[] media) {

    boolean downloadable() {
        return media != null && (status.equals("complete") || status.equals("partial"));
    }
}
