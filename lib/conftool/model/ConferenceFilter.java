package conftool.model;

import java.time.Instant;

/** The filters of the conference list: exact name, created-time window. Any of them may be null. */
public record ConferenceFilter(String name, Instant minCreatedTime, Instant maxCreatedTime) {

    public static ConferenceFilter all() {
        return new ConferenceFilter(null, null, null);
    }
}
