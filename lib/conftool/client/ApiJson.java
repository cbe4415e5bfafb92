package conftool.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON mapping of the API's models: the API's own field names, ISO 8601 times, unknown fields ignored. */
public final class ApiJson {

    private ApiJson() {
    }

    /** Built once, on first use: costly to configure, thread-safe once built. */
    private static final class Shared {
        static final ObjectMapper MAPPER = build();
    }

    /** Built on first update only: reads never need it. */
    private static final class Requests {
        static final ObjectMapper MAPPER = build().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Reads API answers and writes conf's JSON output, where absent values show as null. Shared: do not reconfigure. */
    public static ObjectMapper mapper() {
        return Shared.MAPPER;
    }

    private static ObjectMapper build() {
        // Only record components are JSON: helpers such as isMuted() must not become fields.
        return JsonMapper.builder().disable(MapperFeature.AUTO_DETECT_IS_GETTERS).build()
                .registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    /** Writes request bodies: a field left null is not sent, so the API leaves that setting unchanged. */
    public static ObjectMapper requestMapper() {
        return Requests.MAPPER;
    }
}
