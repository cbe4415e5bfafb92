package conftool.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Access tokens kept between runs, so that one-shot commands share one token: a folder (mode 0700) of small files
 * (0600), one per client. A file is named by a hash of the token URL, the client id and the client secret, so that
 * other credentials never find it; it holds the token and its times, never the secret. Files are written whole
 * (a temporary file moved into place) and read only when they are regular files of this user that nobody else may
 * read. Anything else (missing, corrupt, another user's, too open, a symlink) is ignored and replaced: a cache is
 * never a reason to fail, only a reason to ask for a new token.
 */
public final class TokenCache {

    private static final String HEADER = "conf access token v1";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    /** A FileLock belongs to the whole JVM: threads (two clients in one notebook) take this lock first. */
    private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Consumer<String> note;
    private Boolean usable;

    /** @param note where to say why a file was ignored or could not be written (the --verbose log) */
    public TokenCache(Path dir, Consumer<String> note) {
        this.dir = dir;
        this.note = note == null ? s -> { } : note;
    }

    /** {@code $XDG_CACHE_HOME/conf/tokens}, else {@code ~/.cache/conf/tokens}. */
    public static Path defaultDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("conf").resolve("tokens");
    }

    public Path dir() {
        return dir;
    }

    /** The file's name for these credentials: any change of token URL, client id or secret makes another. */
    public static String key(Credentials.ClientCredentials c) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {"conf-token-v1", c.tokenUrl(), c.clientId(), c.clientSecret()}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public Path file(String key) {
        return dir.resolve(key + ".token");
    }

    /** The cached token for this key, fresh or not; null (and a note saying why) when there is none to trust. */
    public AccessToken read(String key) {
        return read(key, note);
    }

    /** As {@link #read(String)}, saying nothing: a second look under the lock has nothing new to say. */
    AccessToken readQuietly(String key) {
        return read(key, s -> { });
    }

    private AccessToken read(String key, Consumer<String> note) {
        if (!usableDir()) {
            return null;
        }
        Path f = file(key);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            note.accept("no cached token in " + dir);
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            note.accept("cannot read the token cache " + f + " (" + e.getMessage() + "); asking for a new token");
            return null;
        }
        String problem = !a.isRegularFile() ? "it is not a regular file"
                : !ownedByMe(f) ? "another user owns it"
                : !OWNER_ONLY.containsAll(a.permissions()) ? "others may read it (mode "
                        + PosixFilePermissions.toString(a.permissions()) + ")"
                : null;
        if (problem != null) {
            note.accept("ignoring the token cache " + f + ": " + problem + "; it will be replaced");
            return null;
        }
        String text;
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            text = new String(in.readNBytes(32 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            note.accept("cannot read the token cache " + f + " (" + e.getMessage() + "); asking for a new token");
            return null;
        }
        AccessToken token = parse(text, key);
        if (token == null) {
            note.accept("ignoring the token cache " + f + ": it is corrupt or made for other credentials;"
                    + " it will be replaced");
        }
        return token;
    }

    private static AccessToken parse(String text, String key) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 5 || !lines[0].equals(HEADER) || !lines[1].equals("key " + key)) {
            return null;
        }
        try {
            Instant expires = Instant.ofEpochSecond(Long.parseLong(field(lines[2], "expires")));
            Instant refresh = Instant.ofEpochSecond(Long.parseLong(field(lines[3], "refresh")));
            return new AccessToken(field(lines[4], "token"), expires, refresh);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException(name);
        }
        return line.substring(name.length() + 1);
    }

    /** Stores the token for this key; a failure only means the next run asks for its own token. */
    public void write(String key, AccessToken token) {
        if (!usableDir()) {
            return;
        }
        String text = HEADER + "\nkey " + key + "\nexpires " + token.expiresAt().getEpochSecond() + "\nrefresh "
                + token.refreshAt().getEpochSecond() + "\ntoken " + token.value() + "\n";
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + key, ".tmp", FILE_MODE);
            Files.writeString(tmp, text);
            Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            note.accept("could not write the token cache in " + dir + " (" + e.getMessage()
                    + "); the token is kept in memory only");
            deleteQuietly(tmp);
        }
    }

    /** Forgets the cached token if it is this one (the API refused it). */
    public void forget(String key, String value) {
        AccessToken cached = readQuietly(key);
        if (cached != null && cached.value().equals(value)) {
            deleteQuietly(file(key));
        }
    }

    /**
     * Runs {@code work} holding this key's lock, across processes and threads, so that commands started together
     * after the token expired make one token request between them. Without a usable lock it runs anyway.
     */
    public <T> T exclusive(String key, Supplier<T> work) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            if (!usableDir()) {
                return work.get();
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(key + ".lock"), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), FILE_MODE)) {
                FileLock lock = lockWithin(channel, 30_000);
                try {
                    return work.get();
                } finally {
                    if (lock != null) {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                note.accept("cannot lock the token cache (" + e.getMessage() + "); going on without the lock");
                return work.get();
            }
        } finally {
            local.unlock();
        }
    }

    /** Waits for another process's token request, but not for ever: a hung one must not hang this command too. */
    private static FileLock lockWithin(FileChannel channel, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || System.nanoTime() > deadline) {
                return lock;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Removes every cached token (and lock), whatever the credentials; returns how many tokens there were. */
    public int clear() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int tokens = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".token") || name.endsWith(".lock") || name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                    tokens += name.endsWith(".token") ? 1 : 0;
                }
            }
        }
        return tokens;
    }

    /**
     * The folder, made 0700 if missing; one this user owns is put back to 0700. Another user's folder, or a
     * symlink, is not used: tokens then stay in memory.
     */
    private boolean usableDir() {
        if (usable != null) {
            return usable;
        }
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, DIR_MODE);
            }
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || !ownedByMe(dir)) {
                note.accept("not using the token cache " + dir + ": " + (a.isDirectory() ? "another user owns it"
                        : "it is not a folder") + "; tokens stay in memory");
                return usable = false;
            }
            if (!a.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                note.accept("the token cache " + dir + " was open to others; it is 0700 now");
            }
            return usable = true;
        } catch (IOException | UnsupportedOperationException e) {
            note.accept("cannot use the token cache " + dir + " (" + e.getMessage() + "); tokens stay in memory");
            return usable = false;
        }
    }

    private static boolean ownedByMe(Path p) {
        try {
            Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return uid instanceof Integer owner && owner == Uid.CURRENT;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** This process's user id, read once: the owner of a file it creates. */
    private static final class Uid {
        static final int CURRENT = current();

        private static int current() {
            try {
                // Linux: /proc/self belongs to the process's user; elsewhere, a file just made does.
                Path self = Path.of("/proc/self");
                if (Files.exists(self)) {
                    return (Integer) Files.getAttribute(self, "unix:uid");
                }
                Path probe = Files.createTempFile("conf-uid", ".probe");
                try {
                    return (Integer) Files.getAttribute(probe, "unix:uid");
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temporary file is named as such and holds nothing another user may read
            }
        }
    }
}
