package conftool.cli;

import conftool.model.Conference;
import conftool.model.ConferenceFilter;
import conftool.output.Views;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the account's conferences, oldest first, following every page.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Option(names = "--name", description = "Only conferences with exactly this name.")
    String name;

    @Option(names = {"--min-created-time", "--since"}, paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only conferences created at or after this ISO 8601 time, e.g. 2024-03-05T14:00:00Z.")
    Instant minCreated;

    @Option(names = {"--max-created-time", "--until"}, paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only conferences created at or before this ISO 8601 time.")
    Instant maxCreated;

    @Option(names = "--page-size", paramLabel = "N", description = "Conferences per request, 1 to 1000 (API default 1000).")
    Integer pageSize;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N conferences.")
    Long limit;

    @Option(names = "--active", description = "Only conferences that have not completed.")
    boolean active;

    @Override
    public Integer call() {
        if (limit != null && limit < 0) {
            throw new conftool.client.ConfException.InvalidInput("--limit must be 0 or more");
        }
        Stream<Conference> all = conf.client().conferences(new ConferenceFilter(name, minCreated, maxCreated), pageSize);
        if (active) {
            all = all.filter(c -> !c.isCompleted());
        }
        if (limit != null) {
            all = all.limit(limit);
        }
        var printer = conf.printer();
        printer.list(all, Views.CONFERENCES_TABLE, Views.CONFERENCES);
        return ExitCode.OK;
    }

    /** ISO 8601 with an offset ({@code Z} or {@code +02:00}). */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO 8601 time with offset, e.g."
                        + " 2024-03-05T14:00:00Z");
            }
        }
    }
}
