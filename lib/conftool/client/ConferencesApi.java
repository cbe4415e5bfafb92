package conftool.client;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.ConferenceRecording;
import conftool.model.ConferenceUpdate;
import conftool.model.MemberUpdate;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;
import feign.TypedResponse;
import java.net.URI;
import java.util.List;

/**
 * Every conference endpoint of the Bandwidth Voice API, as Feign declares it. The paths are relative to the base
 * URL ({@code https://voice.bandwidth.com/api/v2}). Callers use {@link ConferenceClient}, which validates ids and
 * follows pages; this interface stays a plain transcription of the contract.
 */
@Headers("Accept: application/json")
public interface ConferencesApi {

    /** One page of conferences, oldest first; the {@code Link} header names the next page. */
    @RequestLine("GET /accounts/{accountId}/conferences?name={name}&minCreatedTime={minCreatedTime}"
            + "&maxCreatedTime={maxCreatedTime}&pageSize={pageSize}&pageToken={pageToken}")
    TypedResponse<List<Conference>> listConferences(
            @Param("accountId") String accountId,
            @Param("name") String name,
            @Param("minCreatedTime") String minCreatedTime,
            @Param("maxCreatedTime") String maxCreatedTime,
            @Param("pageSize") Integer pageSize,
            @Param("pageToken") String pageToken);

    /** The page a {@code Link: <…>; rel="next"} header points at, used as it was given. */
    @RequestLine("GET")
    TypedResponse<List<Conference>> listConferencesPage(URI nextPage);

    /**
     * The conference's JSON as answered, unread: {@link ConferenceClient} reads it, and a watch skips reading an answer
     * that is byte for byte the last one.
     */
    @RequestLine("GET /accounts/{accountId}/conferences/{conferenceId}")
    byte[] getConference(@Param("accountId") String accountId, @Param("conferenceId") String conferenceId);

    @RequestLine("POST /accounts/{accountId}/conferences/{conferenceId}")
    @Headers("Content-Type: application/json")
    void updateConference(
            @Param("accountId") String accountId,
            @Param("conferenceId") String conferenceId,
            ConferenceUpdate update);

    @RequestLine("PUT /accounts/{accountId}/conferences/{conferenceId}/bxml")
    @Headers("Content-Type: application/xml")
    void updateConferenceBxml(
            @Param("accountId") String accountId, @Param("conferenceId") String conferenceId, String bxml);

    @RequestLine("GET /accounts/{accountId}/conferences/{conferenceId}/members/{memberId}")
    ConferenceMember getConferenceMember(
            @Param("accountId") String accountId,
            @Param("conferenceId") String conferenceId,
            @Param("memberId") String memberId);

    @RequestLine("PUT /accounts/{accountId}/conferences/{conferenceId}/members/{memberId}")
    @Headers("Content-Type: application/json")
    void updateConferenceMember(
            @Param("accountId") String accountId,
            @Param("conferenceId") String conferenceId,
            @Param("memberId") String memberId,
            MemberUpdate update);

    @RequestLine("GET /accounts/{accountId}/conferences/{conferenceId}/recordings")
    List<ConferenceRecording> listConferenceRecordings(
            @Param("accountId") String accountId, @Param("conferenceId") String conferenceId);

    @RequestLine("GET /accounts/{accountId}/conferences/{conferenceId}/recordings/{recordingId}")
    ConferenceRecording getConferenceRecording(
            @Param("accountId") String accountId,
            @Param("conferenceId") String conferenceId,
            @Param("recordingId") String recordingId);

    /** The recording's audio; the caller streams and closes the body. */
    @RequestLine("GET /accounts/{accountId}/conferences/{conferenceId}/recordings/{recordingId}/media")
    @Headers("Accept: audio/vnd.wave, audio/mpeg, application/json")
    Response downloadConferenceRecording(
            @Param("accountId") String accountId,
            @Param("conferenceId") String conferenceId,
            @Param("recordingId") String recordingId);
}
