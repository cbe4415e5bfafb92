package conftool.model;

/** The API's error body ({@code voiceApiError}): e.g. type {@code validation}, a description, and an id. */
public record ApiError(String type, String description, String id) {
}
