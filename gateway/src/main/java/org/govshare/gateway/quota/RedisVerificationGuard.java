package org.govshare.gateway.quota;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * reservation is atomic. Per (tally, day): a hash of the guesses booked and the guesses pending, and a sorted set of
 * the reservations under way, each a member {@code <guesses>:<id>} scored by the Redis server's time at which it
 * expires. A reservation first drops the tally's expired reservations (and their pending guesses) when it has guesses
 * pending, so the budget is the guesses booked plus the live reservations, and a reservation whose settlement never
 * arrives holds its room for at most the reservation's lifetime (a little above the request deadline), never for the
 * rest of the day. Redis holds subject digests, never ID numbers.
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

    /** Defines {@code guessesOf}: the guesses a reservation's member holds. */
    private static final String GUESSES_OF = """
            local function guessesOf(member)
              return tonumber(string.match(member, '^(%d+):'))
            end
            """;
    /**
     * Defines the time and {@code prune}, which drops the expired reservations of a (hash, held) pair as of
     * {@code now} and returns the pending guesses it freed.
     */
    private static final String PRUNE = GUESSES_OF + """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local function prune(hash, held)
              local expired = redis.call('ZRANGEBYSCORE', held, '-inf', now)
              local freed = 0
              if #expired > 0 then
                for _, member in ipairs(expired) do
                  freed = freed + guessesOf(member)
                end
                redis.call('HINCRBY', hash, 'pending', -freed)
                redis.call('ZREMRANGEBYSCORE', held, '-inf', now)
              end
              return freed
            end
            """;
    /**
     * Reserves for every (hash, held) pair of KEYS in turn, in one round trip (a job's subjects would otherwise wait
     * for Redis one by one; a batch is sent as scripts of at most {@link #SUBJECTS_PER_SCRIPT} pairs). Only a tally with guesses pending can hold expired reservations, so
     * only such a tally is pruned first (a job's subjects mostly have none: five commands each instead of six). ARGV:
     * the TTL, the lifetime in milliseconds, then (limit, member) per pair, the member starting with its guesses.
     * Returns per pair 1 (reserved), 0 (the guesses booked leave no room) or 2 (crowded: only reservations under way
     * fill the room).
     */
    private static final String RESERVE = PRUNE + """
            local granted = {}
            for i = 1, #KEYS / 2 do
              local hash, held = KEYS[2 * i - 1], KEYS[2 * i]
              local counts = redis.call('HMGET', hash, 'booked', 'pending')
              local booked = tonumber(counts[1] or '0')
              local pending = tonumber(counts[2] or '0')
              if pending > 0 then
                pending = pending - prune(hash, held)
              end
              local member = ARGV[2 * i + 2]
              local guesses = guessesOf(member)
              local limit = tonumber(ARGV[2 * i + 1])
              if booked + guesses > limit then
                granted[i] = 0
              elseif booked + pending + guesses > limit then
                granted[i] = 2
              else
                redis.call('HINCRBY', hash, 'pending', guesses)
                redis.call('ZADD', held, now + tonumber(ARGV[2]), member)
                redis.call('EXPIRE', hash, ARGV[1])
                redis.call('EXPIRE', held, ARGV[1])
                granted[i] = 1
              end
            end
            return granted
            """;
    /**
     * Settles for every (hash, held) pair of KEYS in turn: frees the reservation's pending guesses if it is still
     * live (once, however often the settlement is sent) and books the guesses made. ARGV: the TTL, then (member,
     * booked) per pair. It prunes nothing (the next reservation of a tally with guesses pending does), renews the
     * hash's expiry only when it books (a live reservation's keys expire days after it does), and deletes a tally left
     * with nothing pending and nothing booked, so a job's matched subjects leave no key behind.
     */
    private static final String SETTLE = GUESSES_OF + """
            for i = 1, #KEYS / 2 do
              local hash, held = KEYS[2 * i - 1], KEYS[2 * i]
              local member = ARGV[2 * i]
              local booked = tonumber(ARGV[2 * i + 1])
              if redis.call('ZREM', held, member) == 1 then
                local left = redis.call('HINCRBY', hash, 'pending', -guessesOf(member))
                if left == 0 and booked == 0 and redis.call('HLEN', hash) == 1 then
                  -- Nothing pending and nothing ever booked: the tally is empty (a job's matched subject).
                  redis.call('DEL', hash)
                end
              end
              if booked > 0 then
                redis.call('HINCRBY', hash, 'booked', booked)
                redis.call('EXPIRE', hash, ARGV[1])
              end
            end
            return {1}
            """;

    private static final String TTL_SECONDS = String.valueOf(2 * 24 * 3600);

    /**
     * The most (hash, held) pairs one script reserves or settles. A script runs alone on Redis, and every instance's
     * quota checks wait for it: a job's batch of 2,048 subjects in one script held them for about 36 ms (reservation)
     * and 20 ms (settlement), the ceiling of the online requests' latency during a job. A batch goes as scripts of at
     * most this many pairs, each sent when Redis has answered the one before, so the commands other threads send
     * meanwhile on the shared connection are taken in between (about 2 ms apart).
     */
    static final int SUBJECTS_PER_SCRIPT = 128;

    private final SharedRedis redis;
    private final String prefix;
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

    /** A reservation that booked nothing, kept for the next lookup: its member, when it was made, when last used. */
    private record Spare(String member, long madeNanos, long idleSinceNanos) {}

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

    /** One thread settles the spares lying unused, of every guard, only while some lie. */
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "govshare-spare-reservations");
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
                return Optional.of(made -> putBack(shelf, tally.consumer(), spare.member(), spare.madeNanos(), made));
            }
        }
        long asked = System.nanoTime();
        Decided one = reserveWaiting(List.of(new Request(tally, guesses, limit)));
        if (one.states()[0] == CROWDED) {
            throw new CrowdedException();
        }
        if (!one.reservations().granted(0)) {
            return Optional.empty();
        }
        if (shelf != null) {
            // A lone request is granted in the last round, which asked for it alone.
            String member = one.rounds().get(one.rounds().size() - 1).member(0);
            return Optional.of(made -> putBack(shelf, tally.consumer(), member, asked, made));
        }
        return Optional.of(made -> one.reservations().settle(new int[] {made}));
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
            old.add(shelf.hash(), spare.member(), 0);
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
    private void putBack(Shelf shelf, String consumer, String member, long madeNanos, int made) {
        long now = System.nanoTime();
        if (made == 0 && answering && !closed && now - madeNanos < spareForNanos && !room.waiting(consumer)) {
            spares.computeIfAbsent(shelf, ignored -> new ConcurrentLinkedDeque<>())
                    .offerFirst(new Spare(member, madeNanos, now));
            sweepLater();
            return;
        }
        Settlements one = new Settlements();
        one.add(shelf.hash(), member, Math.min(Math.max(made, 0), 1));
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
        evaluateInTurn(SETTLE, all.keys(), all.arguments(), 1, (from, answers) -> {});
    }

    /** What a script of {@link #evaluateInTurn} answered for its pairs, the first of them pair {@code from}. */
    @FunctionalInterface
    private interface Answered {
        void accept(int from, List<Long> answers);
    }

    /**
     * Runs {@code script} over the (hash, held) pairs of {@code keys}, at most {@link #subjectsPerScript} a script,
     * waiting for each: {@code arguments} are {@code leading} shared ones, then two per pair.
     */
    private void evaluateInTurn(String script, String[] keys, String[] arguments, int leading, Answered answered) {
        int pairs = keys.length / 2;
        for (int from = 0; from < pairs; from += subjectsPerScript) {
            int to = Math.min(pairs, from + subjectsPerScript);
            List<Long> answers = RedisQuotaStore.evaluate(
                    redis, script, pairKeys(keys, from, to), pairArguments(arguments, leading, from, to));
            answered.accept(from, answers);
        }
    }

    /** The keys of pairs {@code from} (inclusive) to {@code to} (exclusive). */
    private static String[] pairKeys(String[] keys, int from, int to) {
        return from == 0 && 2 * to == keys.length ? keys : Arrays.copyOfRange(keys, 2 * from, 2 * to);
    }

    /** The {@code leading} shared arguments, then those of pairs {@code from} (inclusive) to {@code to} (exclusive). */
    private static String[] pairArguments(String[] arguments, int leading, int from, int to) {
        if (from == 0 && leading + 2 * to == arguments.length) {
            return arguments;
        }
        String[] some = new String[leading + 2 * (to - from)];
        System.arraycopy(arguments, 0, some, 0, leading);
        System.arraycopy(arguments, leading + 2 * from, some, leading, 2 * (to - from));
        return some;
    }

    /** Settles every spare of the tally whose hash is {@code hash}, under any limit, in one round trip. */
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
            settlements.add(shelf.hash(), spare.member(), 0);
        }
    }

    /**
     * Settlements for one SETTLE script: KEYS a (hash, held) pair per reservation, ARGV the TTL then (member, guesses
     * booked) per reservation.
     */
    private final class Settlements {
        private final List<String> keys = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>(List.of(TTL_SECONDS));

        void add(String hash, String member, int booked) {
            keys.add(hash);
            keys.add(hash + ":held");
            arguments.add(member);
            arguments.add(String.valueOf(booked));
        }

        boolean isEmpty() {
            return keys.isEmpty();
        }

        String[] keys() {
            return keys.toArray(String[]::new);
        }

        String[] arguments() {
            return arguments.toArray(String[]::new);
        }

        /** Sends them without waiting, if there are any (see {@link #sendInTurn}). */
        void send() {
            if (!isEmpty()) {
                sendInTurn(keys(), arguments(), 0);
            }
        }
    }

    /** Settles, after the idle time, the spares lying unused that long or too old; again while any lie. */
    private void sweepLater() {
        if (sweeping.compareAndSet(false, true)) {
            SWEEPER.schedule(this::sweep, spareIdleNanos, TimeUnit.NANOSECONDS);
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
                unused.add(shelf.getKey().hash(), spare.member(), 0);
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
     * Every request in one pass (scripts of at most {@link #SUBJECTS_PER_SCRIPT}) while none is crowded; a request's room is exactly what a lone
     * reserve gives, and one still crowded after the wait is not granted (a job's subject stays pending).
     */
    @Override
    public Reservations reserveAll(List<Request> requests) {
        return reserveWaiting(requests).reservations();
    }

    private static final long GRANTED = 1;
    private static final long CROWDED = 2;

    /** Reservations and, per request, how the last attempt ended; the rounds that asked Redis. */
    private record Decided(Reservations reservations, long[] states, List<Round> rounds) {}

    /**
     * Reserves every request; those crowded (only reservations under way fill their room) are asked again, in a place
     * of the waiting room if one is free, when a settlement of this process on the first one's key has been applied,
     * or else after a pause doubling from 1 to 32 ms (settlements of other instances, expiries), until they are
     * decided or the crowded wait has passed.
     */
    private Decided reserveWaiting(List<Request> requests) {
        long[] states = new long[requests.size()];
        List<Round> taken = new ArrayList<>();
        List<int[]> indexes = new ArrayList<>();
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
                taken.add(reserveOnce(round, answers));
                int[] positions = asking.stream().mapToInt(Integer::intValue).toArray();
                indexes.add(positions);
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
        return new Decided(combined(taken, indexes, states), states, taken);
    }

    /** The rounds' reservations as one: request {@code index} is granted in the round that decided it. */
    private static Reservations combined(List<? extends Reservations> rounds, List<int[]> indexes, long[] states) {
        return new Reservations() {
            @Override
            public boolean granted(int index) {
                return states[index] == GRANTED;
            }

            @Override
            public void settle(int[] guesses) {
                for (int round = 0; round < rounds.size(); round++) {
                    int[] positions = indexes.get(round);
                    int[] made = new int[positions.length];
                    for (int i = 0; i < positions.length; i++) {
                        made[i] = guesses[positions[i]];
                    }
                    rounds.get(round).settle(made);
                }
            }
        };
    }

    /**
     * One pass, a script per {@link #subjectsPerScript} requests: {@code answers} gets each request's state (1 reserved, 0 refused, 2 crowded); the reservations
     * of those granted.
     */
    private Round reserveOnce(List<Request> requests, long[] answers) {
        String[] keys = new String[2 * requests.size()];
        String[] members = new String[requests.size()];
        String[] arguments = new String[2 + 2 * requests.size()];
        arguments[0] = TTL_SECONDS;
        arguments[1] = lifetimeMillis;
        for (int index = 0; index < members.length; index++) {
            Request request = requests.get(index);
            String hash = key(request.tally());
            keys[2 * index] = hash;
            keys[2 * index + 1] = hash + ":held";
            members[index] = request.guesses() + ":" + instance + ":" + reservations.incrementAndGet();
            arguments[2 + 2 * index] = String.valueOf(request.limit());
            arguments[3 + 2 * index] = members[index];
        }
        boolean[] granted = new boolean[members.length];
        try {
            evaluateInTurn(RESERVE, keys, arguments, 2, (from, states) -> {
                for (int index = 0; index < states.size(); index++) {
                    answers[from + index] = states.get(index);
                    granted[from + index] = answers[from + index] == GRANTED;
                }
            });
        } catch (RuntimeException e) {
            answering = false;
            // The scripts Redis answered before this one reserved room that nobody will use: give it back.
            Settlements unused = new Settlements();
            for (int index = 0; index < granted.length; index++) {
                if (granted[index]) {
                    unused.add(keys[2 * index], members[index], 0);
                }
            }
            unused.send();
            throw e;
        }
        answering = true;
        return new Round(requests, keys, members, granted);
    }

    /** The reservations of one pass: their keys and members, and which were granted. */
    private final class Round implements Reservations {
        private final List<Request> requests;
        private final String[] keys;
        private final String[] members;
        private final boolean[] granted;

        Round(List<Request> requests, String[] keys, String[] members, boolean[] granted) {
            this.requests = requests;
            this.keys = keys;
            this.members = members;
            this.granted = granted;
        }

        String member(int index) {
            return members[index];
        }

        @Override
        public boolean granted(int index) {
            return granted[index];
        }

        @Override
        public void settle(int[] guesses) {
            Settlements settlements = new Settlements();
            for (int index = 0; index < granted.length; index++) {
                if (granted[index]) {
                    int reserved = requests.get(index).guesses();
                    settlements.add(keys[2 * index], members[index], Math.min(Math.max(guesses[index], 0), reserved));
                }
            }
            settlements.send();
        }
    }

    /**
     * Sends the settlements of the pairs from {@code from} on without waiting, at most {@link #subjectsPerScript} a
     * script, each script when Redis has answered the one before (off Lettuce's event loop, which must not wait for
     * a script's loading).
     */
    private void sendInTurn(String[] keys, String[] arguments, int from) {
        int pairs = keys.length / 2;
        int to = Math.min(pairs, from + subjectsPerScript);
        CompletableFuture<?> sent = send(pairKeys(keys, from, to), pairArguments(arguments, 1, from, to), 0);
        if (to < pairs) {
            sent.whenCompleteAsync((ignored, failure) -> sendInTurn(keys, arguments, to));
        }
    }

    /**
     * Sends a settlement without waiting; a failed one is sent again after the next retry delay, if any is left.
     * Returns its first attempt.
     */
    private CompletableFuture<?> send(String[] keys, String[] arguments, int attempt) {
        CompletableFuture<?> sent;
        try {
            sent = redis.asyncCommands()
                    .evalsha(redis.scriptSha(SETTLE), ScriptOutputType.MULTI, keys, arguments)
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ignored, failure) -> {
            answering = failure == null;
            if (failure == null) {
                for (int index = 0; index < keys.length; index += 2) {
                    room.settled(keys[index]);
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
                CompletableFuture.runAsync(
                        () -> send(keys, arguments, attempt + 1),
                        CompletableFuture.delayedExecutor(retryDelays[attempt].toMillis(), TimeUnit.MILLISECONDS));
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
