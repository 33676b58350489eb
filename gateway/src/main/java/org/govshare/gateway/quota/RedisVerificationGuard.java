package org.govshare.gateway.quota;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.govshare.gateway.redis.SharedRedis;
import org.govshare.gateway.subject.DailyWindow;
import org.govshare.gateway.subject.SubjectDigests;
import org.govshare.gateway.verification.VerificationGuard;
import org.govshare.gateway.verification.WaitingRoom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guessing defences with their counters in Redis, shared by every instance, changed only by Lua scripts so a
 * reservation is atomic. Per (tally, day): a hash of the guesses booked and the guesses pending, and a sorted set of
 * the reservations under way, each a member {@code <guesses>:<id>} scored by the Redis server's time at which it
 * expires. Every script first drops the expired reservations (and their pending guesses), so the budget is the
 * guesses booked plus the live reservations, and a reservation whose settlement never arrives holds its room for at
 * most the reservation's lifetime (a little above the request deadline), never for the rest of the day. Redis holds
 * subject digests, never ID numbers.
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
 */
public final class RedisVerificationGuard implements VerificationGuard {
    private static final Logger log = LoggerFactory.getLogger(RedisVerificationGuard.class);

    /** The delays before each new attempt of a settlement that failed; their sum must stay well below a lifetime. */
    static final Duration[] RETRY_DELAYS = {Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(4)};

    /** Drops the expired reservations of (KEYS[h], KEYS[z]) as of {@code now}; defines {@code prune} and the time. */
    private static final String PRUNE = """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local function guessesOf(member)
              return tonumber(string.match(member, '^(%d+):'))
            end
            local function prune(hash, held)
              local expired = redis.call('ZRANGEBYSCORE', held, '-inf', now)
              if #expired > 0 then
                local freed = 0
                for _, member in ipairs(expired) do
                  freed = freed + guessesOf(member)
                end
                redis.call('HINCRBY', hash, 'pending', -freed)
                redis.call('ZREMRANGEBYSCORE', held, '-inf', now)
              end
            end
            """;
    /**
     * Reserves for every (hash, held) pair of KEYS in turn, in one round trip (a job's batch of subjects would
     * otherwise wait for Redis once per subject). ARGV: the TTL, the lifetime in milliseconds, then (limit, member)
     * per pair, the member starting with its guesses. Returns per pair 1 (reserved), 0 (the guesses booked leave no
     * room) or 2 (crowded: only reservations under way fill the room).
     */
    private static final String RESERVE = PRUNE + """
            local granted = {}
            for i = 1, #KEYS / 2 do
              local hash, held = KEYS[2 * i - 1], KEYS[2 * i]
              prune(hash, held)
              local counts = redis.call('HMGET', hash, 'booked', 'pending')
              local booked = tonumber(counts[1] or '0')
              local pending = tonumber(counts[2] or '0')
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
     * booked) per pair.
     */
    private static final String SETTLE = PRUNE + """
            for i = 1, #KEYS / 2 do
              local hash, held = KEYS[2 * i - 1], KEYS[2 * i]
              prune(hash, held)
              local member = ARGV[2 * i]
              if redis.call('ZREM', held, member) == 1 then
                redis.call('HINCRBY', hash, 'pending', -guessesOf(member))
              end
              local booked = tonumber(ARGV[2 * i + 1])
              if booked > 0 then
                redis.call('HINCRBY', hash, 'booked', booked)
              end
              redis.call('EXPIRE', hash, ARGV[1])
            end
            return {1}
            """;

    private static final String TTL_SECONDS = String.valueOf(2 * 24 * 3600);

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

    /**
     * @param lifetime how long a reservation holds its room at most if it is never settled
     * @param room the places to wait in, this instance's (shared with the local guard that stands in while Redis is
     *     down)
     */
    public RedisVerificationGuard(
            SharedRedis redis,
            String prefix,
            SubjectDigests digests,
            DailyWindow window,
            Duration lifetime,
            WaitingRoom room) {
        this(redis, prefix, digests, window, lifetime, RETRY_DELAYS, CROWDED_WAIT, room);
    }

    RedisVerificationGuard(
            SharedRedis redis,
            String prefix,
            SubjectDigests digests,
            DailyWindow window,
            Duration lifetime,
            Duration[] retryDelays,
            Duration crowdedWait,
            WaitingRoom room) {
        this.crowdedWaitNanos = crowdedWait.toNanos();
        this.room = room;
        if (lifetime.toMillis() < 1) {
            throw new IllegalArgumentException("lifetime must be at least a millisecond");
        }
        this.redis = redis;
        this.prefix = prefix;
        this.digests = digests;
        this.window = window;
        this.lifetimeMillis = String.valueOf(lifetime.toMillis());
        this.retryDelays = retryDelays.clone();
    }

    @Override
    public Optional<Reservation> reserve(Tally tally, int guesses, int limit) {
        Decided one = reserveWaiting(List.of(new Request(tally, guesses, limit)));
        if (one.states()[0] == CROWDED) {
            throw new CrowdedException();
        }
        if (!one.reservations().granted(0)) {
            return Optional.empty();
        }
        return Optional.of(made -> one.reservations().settle(new int[] {made}));
    }

    /**
     * Every request in one script, so one round trip while none is crowded; a request's room is exactly what a lone
     * reserve gives, and one still crowded after the wait is not granted (a job's subject stays pending).
     */
    @Override
    public Reservations reserveAll(List<Request> requests) {
        return reserveWaiting(requests).reservations();
    }

    private static final long GRANTED = 1;
    private static final long CROWDED = 2;

    /** Reservations and, per request, how the last attempt ended. */
    private record Decided(Reservations reservations, long[] states) {}

    /**
     * Reserves every request; those crowded (only reservations under way fill their room) are asked again, in a place
     * of the waiting room if one is free, when a settlement of this process on the first one's key has been applied,
     * or else after a pause doubling from 1 to 32 ms (settlements of other instances, expiries), until they are
     * decided or the crowded wait has passed.
     */
    private Decided reserveWaiting(List<Request> requests) {
        long[] states = new long[requests.size()];
        List<Reservations> taken = new ArrayList<>();
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
        return new Decided(combined(taken, indexes, states), states);
    }

    /** The rounds' reservations as one: request {@code index} is granted in the round that decided it. */
    private static Reservations combined(List<Reservations> rounds, List<int[]> indexes, long[] states) {
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
     * One round trip: {@code answers} gets each request's state (1 reserved, 0 refused, 2 crowded); the reservations
     * of those granted.
     */
    private Reservations reserveOnce(List<Request> requests, long[] answers) {
        if (requests.isEmpty()) {
            return Reservations.of(List.of());
        }
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
        List<Long> states = RedisQuotaStore.evaluate(redis, RESERVE, keys, arguments);
        boolean[] granted = new boolean[members.length];
        for (int index = 0; index < granted.length; index++) {
            answers[index] = states.get(index);
            granted[index] = answers[index] == GRANTED;
        }
        return new Reservations() {
            @Override
            public boolean granted(int index) {
                return granted[index];
            }

            @Override
            public void settle(int[] guesses) {
                List<String> settled = new ArrayList<>();
                List<String> counts = new ArrayList<>();
                counts.add(TTL_SECONDS);
                for (int index = 0; index < granted.length; index++) {
                    if (granted[index]) {
                        int reserved = requests.get(index).guesses();
                        settled.add(keys[2 * index]);
                        settled.add(keys[2 * index + 1]);
                        counts.add(members[index]);
                        counts.add(String.valueOf(Math.min(Math.max(guesses[index], 0), reserved)));
                    }
                }
                if (!settled.isEmpty()) {
                    send(settled.toArray(String[]::new), counts.toArray(String[]::new), 0);
                }
            }
        };
    }

    /** Sends a settlement without waiting; a failed one is sent again after the next retry delay, if any is left. */
    private void send(String[] keys, String[] arguments, int attempt) {
        CompletableFuture<?> sent;
        try {
            sent = redis.asyncCommands()
                    .evalsha(redis.scriptSha(SETTLE), ScriptOutputType.MULTI, keys, arguments)
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ignored, failure) -> {
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
    }

    private String key(Tally tally) {
        if (tally instanceof SubjectGuesses subject) {
            return prefix + ":mismatch:" + subject.consumer() + ":" + digests.digest(subject.subject()) + ":"
                    + window.today();
        }
        return prefix + ":misses:" + tally.consumer() + ":" + window.today();
    }
}
