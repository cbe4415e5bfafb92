package conftool.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A conference recording's metadata ({@code ConferenceRecordingMetadata} in the API). {@code status} and
 * {@code fileFormat} stay strings: the API documents open sets and clients must tolerate new values.
 */
public record ConferenceRecording(
        String accountId,
        String conferenceId,
        String name,
        String recordingId,
        Duration duration,
        Integer channels,
        Instant startTime,
        Instant endTime,
        String fileFormat,
        String status,
        String mediaUrl,
        String recordingName) {
}
