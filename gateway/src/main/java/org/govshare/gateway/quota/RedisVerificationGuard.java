package org.govshare.gateway.quota;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.verification.VerificationGuard;
import org.govshare.gateway.verification.WaitingRoom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guessing defences with their counters in Redis, shared by every instance, changed only by Lua scripts so a
 * reservation is atomic. Per (tally, day): a hash of the guesses booked and the guesses pending. What one script
 * reserved (one request's room) is listed in a <em>hold</em>, a hash of the guesses it reserved per tally, which is in
 * a sorted set of the holds under way scored by the Redis server's time at which it expires. Every reservation first
 * frees the holds that expired (their pending guesses; 16 at most a script, the next scripts free the rest), so the
 * budget is the guesses booked plus the live reservations, and a reservation whose settlement never arrives holds its
 * room for at most the reservation's lifetime (a little above the request deadline), never for the rest of the day.
 * Redis holds subject digests, never ID numbers.
 *
 * <p>A verification job's batch is admitted after its check, not reserved before it ({@link #admitAll}): up to
 * {@link #SUBJECTS_PER_SCRIPT} subjects a script, each decided as a reservation would be and its guesses booked at
 * once, with no hold and nothing to settle. A matched subject costs Redis one command and leaves no key, where a
 * reservation and its settlement cost five and a hold.
 *
 * <p>A reservation is taken on the request's path; it is settled without waiting. A settlement Redis does not take
 * (a timeout on a busy machine, Redis down) is sent again off the request thread, a bounded number of times within
 * {@link #RETRY_DELAYS}, all of which end well before the reservation expires, so a miss being re-sent still counts
 * as taken room meanwhile. A settlement books its guesses even when its reservation has expired, and one that Redis
 * did apply although the client timed out may be applied again: a miss may then be booked twice (errs on refusing),
 * while the pending room is freed once only. If every attempt fails, the reservation expires at its deadline: its
 * room comes back, and the guesses it should have booked are lost, so at most the reserved guesses of each
 * reservation whose every settlement attempt failed (one lookup miss per such lookup) go uncounted, and only after
 * Redis refused or timed out {@code 1 + RETRY_DELAYS.length} times over several seconds; each loss is logged as an
 * error. Until then an unsettled reservation counts as if all its guesses were made.
 *
 * <p>Most lookups by key find their record, and each would otherwise reserve and settle in Redis. So a lookup's
 * reservation that booked nothing is kept as a <em>spare</em> (the room stays taken in Redis) and is taken by the next
 * lookup of the same consumer on this instance, without a round trip; a spare is reused for at most
 * {@code spareFor} after Redis made it (so whoever takes it last settles it well before it expires) and is settled
 * after lying unused for {@code spareIdle} (so other instances get its room back soon after this one's lookups stop).
 * An instance thus holds about as many spares as it has lookups of the consumer under way, all within the day's
 * budget; none is kept while a reservation of the consumer waits for room here (the settlement wakes it), nor while
 * the last Redis command of this guard failed, and a reservation of this instance that finds the room crowded gives
 * the tally's spares back before it waits. A reservation waiting on another instance gets a spare's room when it has
 * lain unused for {@code spareIdle}. A stream of lookups that find their records reaches Redis about once
 * per spare's life instead of twice per lookup.
 */
public final class RedisVerificationGuard implements VerificationGuard, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisVerificationGuard.class);

    /** The delays before each new attempt of a settlement that failed; their sum must stay well below a lifetime. */
    static final Duration[] RETRY_DELAYS = {Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(4)};

    /**
     * Defines {@code free}, which gives back the pending guesses a hold lists and deletes it. A tally whose pending
     * guesses come to 0 loses its {@code pending} field, so one left with nothing booked either is gone (a job's
     * matched subject leaves no key behind).
     */
    private static final String FREE = """
            local function free(hold)
              local held = redis.call('HGETALL', hold)
              for j = 1, #held, 2 do
                if redis.call('HINCRBY', held[j], 'pending', -tonumber(held[j + 1])) <= 0 then
                  redis.call('HDEL', held[j], 'pending')
                end
              end
              redis.call('DEL', hold)
            end
            """;
    /**
     * Frees the holds under way (KEYS[1]) that expired, at most 16 (a script stays short; the next ones free the
     * rest), and leaves the Redis server's time in milliseconds in {@code now}.
     */
    private static final String FREE_EXPIRED = FREE + """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            for _, hold in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 16)) do
              redis.call('ZREM', KEYS[1], hold)
              free(hold)
            end
            """;
    /**
     * Defines {@code room}, which decides a request for {@code guesses} more against a tally's {@code limit}: 1 when
     * the guesses booked and pending leave room for them, 0 when the guesses booked alone do not (refused), 2 when only
     * the pending ones stand in the way (crowded); and gives the tally's guesses booked and pending. Reservations and
     * admissions decide by it alike.
     */
    private static final String ROOM = """
            local function room(hash, limit, guesses)
              local counts = redis.call('HMGET', hash, 'booked', 'pending')
              local booked = tonumber(counts[1] or '0')
              local pending = tonumber(counts[2] or '0')
              if booked + guesses > limit then
                return 0, booked, pending
              elseif booked + pending + guesses > limit then
                return 2, booked, pending
              end
              return 1, booked, pending
            end
            """;
    /**
     * Reserves for every tally of KEYS from the third on, in turn, in one round trip, and lists what it reserved in the
     * hold KEYS[2], added to the holds under way, KEYS[1], until the lifetime has passed. First frees the holds under
     * way that expired, at most 16 (a script stays short; the next ones free the rest). ARGV: the TTL, the lifetime in
     * milliseconds, then (limit, guesses) per tally. Returns per tally 1 (reserved), 0 (the guesses booked leave no
     * room) or 2 (crowded: only reservations under way fill the room). A new tally costs three commands here and two in
     * its settlement, and a hold three a script.
     */
    private static final String RESERVE = FREE_EXPIRED + ROOM + """
            local granted = {}
            local held = {}
            local any = false
            for i = 3, #KEYS do
              local hash = KEYS[i]
              local guesses = tonumber(ARGV[2 * i - 2])
              local state, booked, pending = room(hash, tonumber(ARGV[2 * i - 3]), guesses)
              granted[i - 2] = state
              if state == 1 then
                redis.call('HINCRBY', hash, 'pending', guesses)
                if booked == 0 and pending == 0 then
                  -- A new tally; one with guesses booked or pending has its expiry already.
                  redis.call('EXPIRE', hash, ARGV[1])
                end
                held[hash] = (held[hash] or 0) + guesses
                any = true
              end
            end
            if any then
              local fields = {}
              for hash, guesses in pairs(held) do
                fields[#fields + 1] = hash
                fields[#fields + 1] = guesses
              end
              redis.call('HSET', KEYS[2], unpack(fields))
              redis.call('EXPIRE', KEYS[2], ARGV[1])
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), KEYS[2])
            end
            return granted
            """;
    /**
     * Admits, for every tally of KEYS from the second on, in turn, a check already made: as {@code RESERVE} would
     * decide it, then books at once the guesses it made. First frees the holds under way (KEYS[1]) that expired, as
     * {@code RESERVE} does. ARGV: the TTL, then (limit, guesses, made) per tally. Returns per tally 1 (admitted, its
     * guesses made booked), 0 (the guesses booked leave no room) or 2 (crowded: only reservations under way fill the
     * room). A matched subject costs one command and leaves no key; a mismatched one two, three when its tally is
     * new.
     */
    private static final String ADMIT = FREE_EXPIRED + ROOM + """
            local admitted = {}
            for i = 2, #KEYS do
              local hash = KEYS[i]
              local made = tonumber(ARGV[3 * i - 2])
              local state, booked, pending = room(hash, tonumber(ARGV[3 * i - 4]), tonumber(ARGV[3 * i - 3]))
              admitted[i - 1] = state
              if state == 1 and made > 0 then
                redis.call('HINCRBY', hash, 'booked', made)
                if booked == 0 and pending == 0 then
                  -- A new tally; one with guesses booked or pending has its expiry already.
                  redis.call('EXPIRE', hash, ARGV[1])
                end
              end
            end
            return admitted
            """;
    /**
     * Settles holds: frees each hold's pending guesses if it is still under way (once, however often the settlement
     * is sent) and books the guesses made. KEYS: the holds under way, then per hold the hold and the tallies that book;
     * ARGV: the TTL, then per hold how many tallies book and the guesses each books. Renews a tally's expiry only when
     * it books.
     */
    private static final String SETTLE = FREE + """
            local k, a = 2, 2
            while k <= #KEYS do
              local booking = tonumber(ARGV[a])
              if redis.call('ZREM', KEYS[1], KEYS[k]) == 1 then
                free(KEYS[k])
              end
              for j = 1, booking do
                redis.call('HINCRBY', KEYS[k + j], 'booked', ARGV[a + j])
                redis.call('EXPIRE', KEYS[k + j], ARGV[1])
              end
              k = k + booking + 1
              a = a + booking + 1
            end
            return {1}
            """;

    private static final String TTL_SECONDS = String.valueOf(2 * 24 * 3600);

    /**
     * The most tallies one script reserves, admits or settles. A script runs alone on Redis, and every instance's
     * quota checks wait for it: a job's batch of 2,048 subjects in one script held them for about 36 ms (reservation)
     * and 20 ms (settlement), the ceiling of the online requests' latency during a job. A batch goes as scripts of at
     * most this many tallies, each sent when Redis has answered the one before, so the commands other threads send
     * meanwhile on the shared connection are taken in between (about 2 ms apart).
     */
    static final int SUBJECTS_PER_SCRIPT = 128;

    private final SharedRedis redis;
    private final String prefix;
    /** The sorted set of the holds under way, of every instance. */
    private final String holds;

    private final SubjectDigests digests;
    private final DailyWindow window;
    private final String lifetimeMillis;
    private final Duration[] retryDelays;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong reservations = new AtomicLong();
    private final long crowdedWaitNanos;
    private final WaitingRoom room;
    private final long spareForNanos;
    private final long spareIdleNanos;
    private final int subjectsPerScript;
    /** The spares per (lookup-miss hash, limit), the one used last first. */
    private final ConcurrentHashMap<Shelf, ConcurrentLinkedDeque<Spare>> spares = new ConcurrentHashMap<>();

    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** Whether the last Redis command of this guard got through: spares are used only while it did. */
    private volatile boolean answering = true;

    private volatile boolean closed;

    /** Where spares of one tally and limit lie: a spare taken under another limit is not used under this one. */
    private record Shelf(String hash, int limit) {}

    /** A reservation that booked nothing, kept for the next lookup: its hold, when it was made, when last used. */
    private record Spare(String hold, long madeNanos, long idleSinceNanos) {}

    /**
     * @param lifetime how long a reservation holds its room at most if it is never settled
     * @param spareFor how long after it was made a lookup's reservation may be used again: at most the lifetime less
     *     the request deadline and the settlement's retries
     * @param room the places to wait in, this instance's (shared with the local guard that stands in while Redis is
     *     down)
     */
    public RedisVerificationGuard(
            SharedRedis redis,
            String prefix,
            SubjectDigests digests,
            DailyWindow window,
            Duration lifetime,
            Duration spareFor,
            WaitingRoom room) {
        this(
                redis,
                prefix,
                digests,
                window,
                lifetime,
                RETRY_DELAYS,
                CROWDED_WAIT,
                spareFor,
                SPARE_IDLE,
                room,
                SUBJECTS_PER_SCRIPT);
    }

    /** How long a spare lies unused before its room goes back to Redis. */
    static final Duration SPARE_IDLE = Duration.ofMillis(100);

    /**
     * One thread, of every guard, sends settlements off the request and I/O threads: the spares lying unused (only
     * while some lie), a multi-script settlement's next script once Redis answered the one before, and a failed
     * settlement again after its delay. Not CompletableFuture's default pool: with one or two cores (a gateway pinned
     * to one, the machines here) that starts a thread per task, a thread per script of every job batch.
     */
    private static final ScheduledExecutorService SETTLER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "govshare-guess-settlements");
        thread.setDaemon(true);
        return thread;
    });

    RedisVerificationGuard(
            SharedRedis redis,
            String prefix,
            SubjectDigests digests,
            DailyWindow window,
            Duration lifetime,
            Duration[] retryDelays,
            Duration crowdedWait,
            Duration spareFor,
            Duration spareIdle,
            WaitingRoom room,
            int subjectsPerScript) {
        if (subjectsPerScript < 1) {
            throw new IllegalArgumentException("a script takes at least one subject");
        }
        this.subjectsPerScript = subjectsPerScript;
        this.crowdedWaitNanos = crowdedWait.toNanos();
        this.room = room;
        if (lifetime.toMillis() < 1) {
            throw new IllegalArgumentException("lifetime must be at least a millisecond");
        }
        if (spareFor.isNegative() || spareFor.compareTo(lifetime) >= 0 || spareIdle.toMillis() < 1) {
            throw new IllegalArgumentException("a spare lives less than a reservation and idles at least 1 ms");
        }
        this.spareForNanos = spareFor.toNanos();
        this.spareIdleNanos = spareIdle.toNanos();
        this.redis = redis;
        this.prefix = prefix;
        this.holds = prefix + ":holds";
        this.digests = digests;
        this.window = window;
        this.lifetimeMillis = String.valueOf(lifetime.toMillis());
        this.retryDelays = retryDelays.clone();
        // The spares go back while the connection still answers, whichever of the two Spring closes first.
        redis.beforeClose(this::close);
    }

    @Override
    public Optional<Reservation> reserve(Tally tally, int guesses, int limit) {
        Shelf shelf = tally instanceof LookupMisses && guesses == 1 ? new Shelf(key(tally), limit) : null;
        if (shelf != null) {
            Spare spare = takeSpare(shelf);
            if (spare != null) {
                return Optional.of(made -> putBack(shelf, tally.consumer(), spare.hold(), spare.madeNanos(), made));
            }
        }
        long asked = System.nanoTime();
        Decided one = reserveWaiting(new Request(tally, guesses, limit));
        if (one.state() == CROWDED) {
            throw new CrowdedException();
        }
        if (one.state() != GRANTED) {
            return Optional.empty();
        }
        if (shelf != null) {
            String hold = one.last().hold(0);
            return Optional.of(made -> putBack(shelf, tally.consumer(), hold, asked, made));
        }
        return Optional.of(made -> one.last().settle(new int[] {made}));
    }

    /** The spare of {@code shelf} used last, if one is young enough; those too old are settled on the way. */
    private @Nullable Spare takeSpare(Shelf shelf) {
        ConcurrentLinkedDeque<Spare> lying = spares.get(shelf);
        if (lying == null || !answering) {
            return null;
        }
        Spare found = null;
        Settlements old = null;
        for (Spare spare = lying.pollFirst(); spare != null; spare = lying.pollFirst()) {
            if (System.nanoTime() - spare.madeNanos() < spareForNanos) {
                found = spare;
                break;
            }
            if (old == null) {
                // Rare (a spare lay unused past its use): nothing is allocated on a lookup that takes a young one.
                old = new Settlements();
            }
            old.add(shelf.hash(), spare.hold(), 0);
        }
        if (old != null) {
            old.send();
        }
        return found;
    }

    /**
     * Settles a lookup's reservation, or keeps it as a spare when it booked nothing, is young enough, Redis answers,
     * and no reservation of the consumer waits for room here.
     */
    private void putBack(Shelf shelf, String consumer, String hold, long madeNanos, int made) {
        long now = System.nanoTime();
        if (made == 0 && answering && !closed && now - madeNanos < spareForNanos && !room.waiting(consumer)) {
            spares.computeIfAbsent(shelf, ignored -> new ConcurrentLinkedDeque<>())
                    .offerFirst(new Spare(hold, madeNanos, now));
            sweepLater();
            return;
        }
        Settlements one = new Settlements();
        one.add(shelf.hash(), hold, Math.min(Math.max(made, 0), 1));
        one.send();
    }

    /**
     * Gives every spare's room back, waiting for Redis, before the connection closes (the instance stops), so other
     * instances need not wait for their expiry; from then on no spare is kept.
     */
    @Override
    public void close() {
        closed = true;
        Settlements all = new Settlements();
        spares.forEach((shelf, lying) -> drain(shelf, lying, all));
        for (Script script : all.scripts()) {
            RedisQuotaStore.evaluate(redis, SETTLE, script.keys(), script.arguments());
        }
    }

    /** Settles every spare of the tally whose hash is {@code hash}, under any limit, without waiting. */
    private void releaseSpares(String hash) {
        Settlements released = new Settlements();
        spares.forEach((shelf, lying) -> {
            if (shelf.hash().equals(hash)) {
                drain(shelf, lying, released);
            }
        });
        released.send();
    }

    /** Takes every spare lying on {@code shelf} into {@code settlements}, booking nothing. */
    private static void drain(Shelf shelf, ConcurrentLinkedDeque<Spare> lying, Settlements settlements) {
        for (Spare spare = lying.pollFirst(); spare != null; spare = lying.pollFirst()) {
            settlements.add(shelf.hash(), spare.hold(), 0);
        }
    }

    /** The guesses a tally books in a hold's settlement. */
    private record Booking(String tally, int booked) {}

    /** One SETTLE script: its keys and arguments, and the tallies whose waiters its being applied wakes. */
    private record Script(String[] keys, String[] arguments, List<String> tallies) {}

    /** Settlements of holds: per hold, a booking for each of its reservations. */
    private final class Settlements {
        private final Map<String, List<Booking>> bookings = new LinkedHashMap<>();

        /** Settles the reservation for {@code tally} in {@code hold}, booking {@code booked} guesses. */
        void add(String tally, String hold, int booked) {
            bookings.computeIfAbsent(hold, ignored -> new ArrayList<>()).add(new Booking(tally, booked));
        }

        boolean isEmpty() {
            return bookings.isEmpty();
        }

        /** Their scripts, each for holds of at most {@link #subjectsPerScript} reservations in all, or one hold. */
        List<Script> scripts() {
            List<Script> scripts = new ArrayList<>();
            List<String> keys = new ArrayList<>(List.of(holds));
            List<String> arguments = new ArrayList<>(List.of(TTL_SECONDS));
            List<String> tallies = new ArrayList<>();
            for (var hold : bookings.entrySet()) {
                List<Booking> each = hold.getValue();
                if (!tallies.isEmpty() && tallies.size() + each.size() > subjectsPerScript) {
                    scripts.add(new Script(keys.toArray(String[]::new), arguments.toArray(String[]::new), tallies));
                    keys = new ArrayList<>(List.of(holds));
                    arguments = new ArrayList<>(List.of(TTL_SECONDS));
                    tallies = new ArrayList<>();
                }
                keys.add(hold.getKey());
                int counted = arguments.size();
                arguments.add("0");
                int booking = 0;
                for (Booking one : each) {
                    tallies.add(one.tally());
                    if (one.booked() > 0) {
                        keys.add(one.tally());
                        arguments.add(String.valueOf(one.booked()));
                        booking++;
                    }
                }
                arguments.set(counted, String.valueOf(booking));
            }
            if (!tallies.isEmpty()) {
                scripts.add(new Script(keys.toArray(String[]::new), arguments.toArray(String[]::new), tallies));
            }
            return scripts;
        }

        /** Sends them without waiting, if there are any (see {@link #sendInTurn}). */
        void send() {
            if (!isEmpty()) {
                sendInTurn(scripts(), 0);
            }
        }
    }

    /** Settles, after the idle time, the spares lying unused that long or too old; again while any lie. */
    private void sweepLater() {
        if (sweeping.compareAndSet(false, true)) {
            SETTLER.schedule(this::sweep, spareIdleNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void sweep() {
        sweeping.set(false);
        if (closed) {
            return;
        }
        String today = window.today().toString();
        boolean left = false;
        Settlements unused = new Settlements();
        for (var shelf : spares.entrySet()) {
            ConcurrentLinkedDeque<Spare> lying = shelf.getValue();
            // The spare used least recently lies last.
            for (Spare spare = lying.pollLast(); spare != null; spare = lying.pollLast()) {
                long now = System.nanoTime();
                if (answering
                        && now - spare.idleSinceNanos() < spareIdleNanos
                        && now - spare.madeNanos() < spareForNanos) {
                    lying.offerLast(spare);
                    break;
                }
                unused.add(shelf.getKey().hash(), spare.hold(), 0);
            }
            if (lying.isEmpty() && !shelf.getKey().hash().endsWith(today)) {
                // A past day's shelf: nothing lands there any more but a late put-back, whose room Redis expires.
                spares.remove(shelf.getKey(), lying);
            } else if (!lying.isEmpty()) {
                left = true;
            }
        }
        unused.send();
        if (left) {
            sweepLater();
        }
    }

    /**
     * Every request in one pass (scripts of at most {@link #subjectsPerScript} tallies, two under way at a time)
     * while none is crowded; the crowded ones are asked again as a lone {@link #reserve} would be, and are not
     * admitted when still crowded after the wait. Nothing is held: the script that admits a request books its
     * guesses made. A script that fails leaves what the scripts before it booked (the caller reveals nothing, so
     * that errs on refusing).
     */
    @Override
    public boolean[] admitAll(List<Request> requests, int[] made) {
        if (made.length != requests.size()) {
            throw new IllegalArgumentException("one number of guesses made per request");
        }
        long[] states = decideWaiting(
                requests,
                (round, positions, answers) ->
                        inScripts(round.size(), answers, (from, to) -> admission(round, positions, made, from, to)));
        boolean[] admitted = new boolean[states.length];
        for (int index = 0; index < states.length; index++) {
            admitted[index] = states[index] == GRANTED;
        }
        return admitted;
    }

    /** The ADMIT script of requests {@code from} … {@code to - 1} of a round, whose positions in the call are given. */
    private Sent admission(List<Request> round, int[] positions, int[] made, int from, int to) {
        String[] keys = new String[1 + to - from];
        String[] arguments = new String[1 + 3 * (to - from)];
        keys[0] = holds;
        arguments[0] = TTL_SECONDS;
        for (int index = from; index < to; index++) {
            Request request = round.get(index);
            keys[1 + index - from] = key(request.tally());
            int at = 1 + 3 * (index - from);
            arguments[at] = String.valueOf(request.limit());
            arguments[at + 1] = String.valueOf(request.guesses());
            arguments[at + 2] = String.valueOf(request.booking(made[positions[index]]));
        }
        return new Sent(from, ADMIT, keys, arguments);
    }

    private static final long GRANTED = 1;
    private static final long CROWDED = 2;

    /**
     * How a lone request's last pass ended, and that pass: the one that decided it (the passes before it found the
     * request crowded and reserved nothing, so only this one can hold its room).
     */
    private record Decided(long state, Round last) {}

    /** Reserves one request as {@link #decideWaiting} decides it. */
    private Decided reserveWaiting(Request request) {
        @Nullable Round[] last = new Round[1];
        long[] states =
                decideWaiting(List.of(request), (round, positions, answers) -> last[0] = reserveOnce(round, answers));
        return new Decided(states[0], requireNonNull(last[0], "a pass"));
    }

    /** One pass over some of the requests. */
    private interface Pass {
        /**
         * Asks Redis about {@code round}, the requests at {@code positions} of the call; {@code answers} gets each
         * one's state (1 decided for it, 0 refused, 2 crowded).
         */
        void ask(List<Request> round, int[] positions, long[] answers);
    }

    /**
     * Decides every request in passes; those crowded (only reservations under way fill their room) are asked again, in
     * a place of the waiting room if one is free, when a settlement of this process on the first one's key has been
     * applied, or else after a pause doubling from 1 to 32 ms (settlements of other instances, expiries), until they
     * are decided or the crowded wait has passed. Per request, how its last pass ended.
     */
    private long[] decideWaiting(List<Request> requests, Pass pass) {
        long[] states = new long[requests.size()];
        List<Integer> asking = new ArrayList<>();
        for (int index = 0; index < states.length; index++) {
            asking.add(index);
        }
        long deadline = System.nanoTime() + crowdedWaitNanos;
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        String waiting = null;
        // The key the last wait was for (none before the first), and the settlements seen on it before asking again.
        String watched = null;
        try {
            while (!asking.isEmpty()) {
                List<Request> round = asking.stream().map(requests::get).toList();
                long seen = watched == null ? 0 : room.settlements(watched);
                long[] answers = new long[round.size()];
                int[] positions = asking.stream().mapToInt(Integer::intValue).toArray();
                pass.ask(round, positions, answers);
                List<Integer> crowded = new ArrayList<>();
                for (int i = 0; i < positions.length; i++) {
                    states[positions[i]] = answers[i];
                    if (answers[i] == CROWDED) {
                        crowded.add(positions[i]);
                    }
                }
                asking = crowded;
                for (int index : asking) {
                    // This instance's own spares of the tally are room nobody uses: give it back before waiting.
                    Tally tally = requests.get(index).tally();
                    if (tally instanceof LookupMisses && !spares.isEmpty()) {
                        releaseSpares(key(tally));
                    }
                }
                long left = deadline - System.nanoTime();
                if (asking.isEmpty() || left <= 0) {
                    break;
                }
                if (waiting == null) {
                    String consumer = requests.get(asking.get(0)).tally().consumer();
                    if (!room.enter(consumer)) {
                        break;
                    }
                    waiting = consumer;
                }
                String first = key(requests.get(asking.get(0)).tally());
                room.await(first, first.equals(watched) ? seen : room.settlements(first), Math.min(pause, left));
                watched = first;
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(32));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (waiting != null) {
                room.leave(waiting);
            }
        }
        return states;
    }

    /**
     * One pass, a script and a hold per {@link #subjectsPerScript} requests: {@code answers} gets each request's state
     * (1 reserved, 0 refused, 2 crowded); the reservations of those granted.
     */
    private Round reserveOnce(List<Request> requests, long[] answers) {
        String[] tallies = new String[requests.size()];
        String[] holdOf = new String[requests.size()];
        try {
            inScripts(requests.size(), answers, (from, to) -> {
                String hold = prefix + ":hold:" + instance + ":" + reservations.incrementAndGet();
                String[] keys = new String[2 + to - from];
                String[] arguments = new String[2 + 2 * (to - from)];
                keys[0] = holds;
                keys[1] = hold;
                arguments[0] = TTL_SECONDS;
                arguments[1] = lifetimeMillis;
                for (int index = from; index < to; index++) {
                    Request request = requests.get(index);
                    tallies[index] = key(request.tally());
                    holdOf[index] = hold;
                    keys[2 + index - from] = tallies[index];
                    arguments[2 + 2 * (index - from)] = String.valueOf(request.limit());
                    arguments[3 + 2 * (index - from)] = String.valueOf(request.guesses());
                }
                return new Sent(from, RESERVE, keys, arguments);
            });
        } catch (RuntimeException e) {
            // Whatever the scripts sent reserved (those answered, one that failed after Redis ran it, one under way),
            // nobody will use: give their holds back (a hold Redis never made is no settlement's concern).
            Settlements unused = new Settlements();
            for (int index = 0; index < holdOf.length && holdOf[index] != null; index++) {
                unused.add(tallies[index], holdOf[index], 0);
            }
            unused.send();
            throw e;
        }
        boolean[] granted = new boolean[requests.size()];
        for (int index = 0; index < granted.length; index++) {
            granted[index] = answers[index] == GRANTED;
        }
        return new Round(requests, tallies, holdOf, granted);
    }

    /** The script of requests {@code from} … {@code to - 1}. */
    private interface Slice {
        Sent script(int from, int to);
    }

    /**
     * Sends the scripts of {@code count} requests, a script per {@link #subjectsPerScript}, and puts each request's
     * state in {@code answers}. Two scripts under way at a time: Redis runs one while the next travels to it, and
     * what other threads send meanwhile on the connection comes after the next one at the latest. Notes whether Redis
     * answered (spares are kept only while it does).
     */
    private void inScripts(int count, long[] answers, Slice slice) {
        ArrayDeque<Sent> underWay = new ArrayDeque<>();
        try {
            for (int from = 0; from < count || !underWay.isEmpty(); from += subjectsPerScript) {
                if (from < count) {
                    underWay.add(slice.script(from, Math.min(count, from + subjectsPerScript)));
                }
                if (underWay.size() == 2 || from + subjectsPerScript >= count) {
                    Sent answered = underWay.poll();
                    List<Long> states = answered.states();
                    for (int index = 0; index < states.size(); index++) {
                        answers[answered.from() + index] = states.get(index);
                    }
                }
            }
        } catch (RuntimeException e) {
            answering = false;
            throw e;
        }
        answering = true;
    }

    /** A script sent, at once, for the requests from {@code from} on. */
    private final class Sent {
        private final int from;
        private final String script;
        private final String[] keys;
        private final String[] arguments;
        private final CompletableFuture<List<Long>> answer;

        Sent(int from, String script, String[] keys, String[] arguments) {
            this.from = from;
            this.script = script;
            this.keys = keys;
            this.arguments = arguments;
            this.answer = send();
        }

        private CompletableFuture<List<Long>> send() {
            try {
                return redis.asyncCommands()
                        .<List<Long>>evalsha(redis.scriptSha(script), ScriptOutputType.MULTI, keys, arguments)
                        .toCompletableFuture();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        int from() {
            return from;
        }

        /** Waits for Redis's answer (within the command timeout); runs the script again if Redis lost it. */
        List<Long> states() {
            try {
                return answer.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RedisNoScriptException) {
                    redis.forgetScripts();
                    return RedisQuotaStore.evaluate(redis, script, keys, arguments);
                }
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    /** The reservations of one pass: their tallies and holds, and which were granted. */
    private final class Round {
        private final List<Request> requests;
        private final String[] tallies;
        private final String[] holdOf;
        private final boolean[] granted;

        Round(List<Request> requests, String[] tallies, String[] holdOf, boolean[] granted) {
            this.requests = requests;
            this.tallies = tallies;
            this.holdOf = holdOf;
            this.granted = granted;
        }

        String hold(int index) {
            return holdOf[index];
        }

        /** Books {@code guesses[index]} for every granted request (at most what it reserved) and frees the rest. */
        void settle(int[] guesses) {
            Settlements settlements = new Settlements();
            for (int index = 0; index < granted.length; index++) {
                if (granted[index]) {
                    settlements.add(
                            tallies[index], holdOf[index], requests.get(index).booking(guesses[index]));
                }
            }
            settlements.send();
        }
    }

    /**
     * Sends {@code scripts} from {@code index} on without waiting, each when Redis has answered the one before (off
     * Lettuce's event loop, which must not wait for a script's loading).
     */
    private void sendInTurn(List<Script> scripts, int index) {
        CompletableFuture<?> sent = send(scripts.get(index), 0);
        if (index + 1 < scripts.size()) {
            sent.whenCompleteAsync((ignored, failure) -> sendInTurn(scripts, index + 1), SETTLER);
        }
    }

    /**
     * Sends a settlement without waiting; a failed one is sent again after the next retry delay, if any is left.
     * Returns its first attempt.
     */
    private CompletableFuture<?> send(Script script, int attempt) {
        CompletableFuture<?> sent;
        try {
            sent = redis.asyncCommands()
                    .evalsha(redis.scriptSha(SETTLE), ScriptOutputType.MULTI, script.keys(), script.arguments())
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ignored, failure) -> {
            answering = failure == null;
            if (failure == null) {
                for (String tally : script.tallies()) {
                    room.settled(tally);
                }
                return;
            }
            if (failure instanceof RedisNoScriptException) {
                redis.forgetScripts();
            }
            if (attempt < retryDelays.length) {
                log.warn(
                        "a guess settlement failed, sent again in {} ms: {}",
                        retryDelays[attempt].toMillis(),
                        failure.toString());
                SETTLER.schedule(
                        () -> send(script, attempt + 1), retryDelays[attempt].toMillis(), TimeUnit.MILLISECONDS);
            } else {
                log.error(
                        "a guess settlement failed {} times and is lost: its reservations free their room when they"
                                + " expire, and the guesses they booked are not counted: {}",
                        attempt + 1,
                        failure.toString());
            }
        });
        return sent;
    }

    private String key(Tally tally) {
        if (tally instanceof SubjectGuesses subject) {
            return prefix + ":mismatch:" + subject.consumer() + ":" + digests.digest(subject.subject()) + ":"
                    + window.today();
        }
        return prefix + ":misses:" + tally.consumer() + ":" + window.today();
    }
}
