package org.govshare.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit records durably with group commit: one writer thread takes every record waiting (up to a batch),
 * chains them after the store's head under the head row's lock (so writers on several gateway instances keep one
 * order), inserts them in one transaction and commits; each caller's future completes only once the batch is durable.
 * A response must wait for its future: nothing leaves the gateway before its record is durable. When the store fails,
 * the waiting futures fail, and so do their requests; when it refuses one record, the others of its batch are written
 * all the same.
 *
 * <p>On PostgreSQL, commits overlap: the batch's transaction commits without waiting for its WAL flush
 * ({@code synchronous_commit = off} for that transaction only), so the head row's lock is held for the inserts and
 * not for a disk flush, and the writer goes on with the next batch while a second thread makes the committed batches
 * durable with one flushing commit (an empty transaction with a transaction id, committed synchronously: PostgreSQL
 * flushes the WAL up to its commit record, and so every commit before it) and only then completes their futures.
 * The chain cannot be broken by a crash in between: a batch and its head update are one transaction, and a later
 * batch, of any instance, is later in the WAL, so it is never durable without the earlier ones. Before, each batch
 * held the lock through its flush and throughput was at most one batch per flush, on all instances together.
 *
 * <p>Records of bulk work (a verification job's batch lists thousands of subjects) {@linkplain #appendBulk have their
 * subjects stored first}, by a thread of their own, as a set ({@code audit_subject_set}) in a transaction of its own;
 * only then does the record join the requests' records, naming its set instead of carrying its subjects, so the writer
 * that every request's record goes through writes a row for it and never thousands. The record's hash covers the
 * set's subjects as any record's hash covers its subjects. A set is durable before its record's caller is told: on
 * PostgreSQL its commit precedes the record's in the WAL, which the flushing commit flushes.
 *
 * <p>On PostgreSQL a batch is one round trip while the head is where this writer left it: a single autocommitted
 * statement moves the head on only if it still holds the sequence number and hash this writer last wrote, and inserts
 * the records and subjects only if it did (an instance that wrote meanwhile leaves the head elsewhere: nothing is
 * written and the batch is chained again under the head's lock, three round trips: the lock, one statement over
 * arrays, the commit). Each round trip wakes the database's process and the writer's thread; a batch took six, and
 * they were the largest part of the gateway's own CPU in a profile of the soak.
 *
 * <p>A batch that is all there is to write (no record waits behind it, none waits for its flush: a quiet gateway, a
 * lone caller, moderate load) skips the overlap: the same one statement commits synchronously, so it is durable when
 * it returns, and the writer completes its futures itself. That is one round trip and one hand-off between threads
 * where the overlap takes two of each, and the overlap exists for records waiting, which here there are none of.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /**
     * A record waiting to be written and the future of its caller; {@code subjectSet} names the set its subjects were
     * stored as (a bulk record), null when they are written with it.
     */
    private record Pending(
            AuditEntry entry,
            CompletableFuture<Long> written,
            @Nullable Long subjectSet) {
        Pending minimal() {
            return new Pending(entry.minimal(), written, subjectSet);
        }
    }

    /** Records committed without waiting for the flush, waiting for it, with their sequence numbers. */
    private record Committed(List<Pending> records, long[] sequences) {}

    private final DataSource store;
    private final AuditChain chain;
    private final String instanceId;
    private final int maximumBatch;
    private final BlockingQueue<Pending> queue;
    /** Bulk records whose subjects are still to be stored as a set, before they join {@link #queue}. */
    private final BlockingQueue<Pending> bulk;
    /** One permit per record queued (at least): what the writer waits on. */
    private final Semaphore queued = new Semaphore(0);

    private final Thread writer;
    /** Stores bulk records' subjects as sets, then queues the records for the writer. */
    private final Thread stager;
    /**
     * Whether the store is PostgreSQL: batches commit without their flush and a flushing commit makes them durable,
     * and a batch's records, subjects and head are one statement over arrays.
     */
    private final boolean postgres;
    /** Batches committed and not yet flushed; only on PostgreSQL. */
    private final BlockingQueue<Committed> unflushed = new java.util.concurrent.LinkedBlockingQueue<>();

    private final Thread flusher;
    /** Completes the callers' futures, so that what runs after a completion never delays the next batch. */
    private final ExecutorService acknowledgements = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "audit-acknowledgement");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    /** Batches written in one round trip, the head found where this writer left it (PostgreSQL). */
    private final AtomicLong unlockedBatches = new AtomicLong();
    /** Batches the writer committed durably itself (no flush after them), nothing else waiting (PostgreSQL). */
    private final AtomicLong durableBatches = new AtomicLong();
    /** The head as this writer last wrote it; null when not known (start, a failure). Only the writer uses it. */
    private @Nullable Head knownHead;

    /** The chain's head: the last record's sequence number and hash. */
    private record Head(long seq, String hash) {}

    private volatile boolean closing;

    /**
     * @param queueCapacity records that may wait; beyond it, appends fail at once (the request is refused rather than
     *     answered unaudited)
     */
    public AuditLog(DataSource store, AuditChain chain, String instanceId, int maximumBatch, int queueCapacity) {
        this.store = requireNonNull(store, "store is null");
        this.chain = requireNonNull(chain, "chain is null");
        this.instanceId = requireNonNull(instanceId, "instanceId is null");
        if (maximumBatch < 1 || queueCapacity < maximumBatch) {
            throw new IllegalArgumentException("batch and queue sizes out of range");
        }
        this.maximumBatch = maximumBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.bulk = new ArrayBlockingQueue<>(queueCapacity);
        this.postgres = isPostgres(store);
        this.flusher = new Thread(this::flush, "audit-flusher");
        this.flusher.setDaemon(true);
        this.writer = new Thread(this::run, "audit-writer");
        this.writer.setDaemon(true);
        this.stager = new Thread(this::stage, "audit-subject-stager");
        this.stager.setDaemon(true);
        if (postgres) {
            this.flusher.start();
        }
        this.writer.start();
        this.stager.start();
    }

    private static boolean isPostgres(DataSource store) {
        try (Connection connection = store.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            // The store is not reachable now; batches then commit with their flush, which is always durable.
            log.warn("could not tell the audit store's kind; its commits will not overlap: {}", e.getMessage());
            return false;
        }
    }

    /** Whether batches commit without waiting for their flush, made durable by a separate flushing commit. */
    public boolean overlapsCommits() {
        return postgres;
    }

    /** Queues a record; the future completes with its sequence number once it is committed. */
    public CompletableFuture<Long> append(AuditEntry entry) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (closing) {
            refuse(future);
        } else {
            enqueue(new Pending(entry, future, null));
        }
        return future;
    }

    /**
     * Queues a record of bulk work: its subjects are stored first, as a set of their own, then the record is queued as
     * {@link #append} queues one, naming its set; the future completes with its sequence number once it is committed
     * (durable, as with {@link #append}).
     */
    public CompletableFuture<Long> appendBulk(AuditEntry entry) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (closing || !bulk.offer(new Pending(entry, future, null))) {
            refuse(future);
        }
        return future;
    }

    private void enqueue(Pending pending) {
        if (queue.offer(pending)) {
            queued.release();
        } else {
            refuse(pending.written());
        }
    }

    private static void refuse(CompletableFuture<Long> future) {
        future.completeExceptionally(new AuditUnavailableException("the audit log is not accepting records"));
    }

    /** The stager's loop: stores each bulk record's subjects as a set, then queues the record naming it. */
    private void stage() {
        while (!closing || !bulk.isEmpty()) {
            Pending pending;
            try {
                pending = bulk.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (pending == null) {
                continue;
            }
            try {
                Pending staged = new Pending(
                        pending.entry(),
                        pending.written(),
                        storeSet(pending.entry().subjects()));
                // Accepted already: it waits for room behind the requests' records rather than being refused.
                while (!queue.offer(staged, 100, TimeUnit.MILLISECONDS)) {
                    if (!writer.isAlive()) {
                        throw new AuditUnavailableException("the gateway is shutting down");
                    }
                }
                queued.release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(List.of(pending), new AuditUnavailableException("the gateway is shutting down"));
                break;
            } catch (SQLException | RuntimeException e) {
                fail(List.of(pending), e);
            }
        }
        List<Pending> left = new ArrayList<>();
        bulk.drainTo(left);
        fail(left, new AuditUnavailableException("the gateway is shutting down"));
    }

    /**
     * Stores {@code subjects} as a new set in a transaction of its own; its id. On PostgreSQL that is one round trip,
     * committed without waiting for its flush (the flushing commit after its record's makes it durable).
     */
    private long storeSet(List<String> subjects) throws SQLException {
        try (Connection connection = store.getConnection()) {
            if (postgres) {
                connection.setAutoCommit(true);
                try (PreparedStatement insert = connection.prepareStatement(STORE_SET)) {
                    insert.setArray(1, connection.createArrayOf("text", subjects.toArray(new String[0])));
                    try (ResultSet id = insert.executeQuery()) {
                        if (!id.next()) {
                            throw new SQLException("no subject set id");
                        }
                        return id.getLong(1);
                    }
                }
            }
            connection.setAutoCommit(false);
            try {
                long id;
                try (Statement next = connection.createStatement();
                        ResultSet row = next.executeQuery("SELECT NEXT VALUE FOR audit_subject_set_id")) {
                    row.next();
                    id = row.getLong(1);
                }
                try (PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO audit_subject_set (subject, set_id) VALUES (?, ?)")) {
                    for (String subject : subjects) {
                        insert.setString(1, subject);
                        insert.setLong(2, id);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            }
        }
    }

    /** A new set's id and its subjects, in one autocommitted statement that does not wait for its flush. */
    private static final String STORE_SET = "WITH unflushed AS (SELECT set_config('synchronous_commit', 'off', true)),"
            + " id AS (SELECT nextval('audit_subject_set_id') AS value FROM unflushed),"
            + " stored AS (INSERT INTO audit_subject_set (subject, set_id)"
            + " SELECT s.subject, id.value FROM id, unnest(?::text[]) AS s(subject))"
            + " SELECT value FROM id";

    /**
     * Records an administrative operation (a catalog reload, a grant import) as one record of the chain: the admin who
     * made it, what it was, and the codes of its refusal (none when it took effect). The future completes once the
     * record is durable.
     */
    public CompletableFuture<Long> appendAdministrative(
            Instant at, String admin, String operation, List<String> codes) {
        OperationShape shape = OperationShape.of(operation);
        return append(new AuditEntry(
                at.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                admin,
                null,
                null,
                null,
                shape.text(),
                shape.hash(),
                List.of(),
                List.of(),
                new java.util.TreeMap<>(),
                codes.isEmpty() ? AuditEntry.Outcome.ALLOWED : AuditEntry.Outcome.DENIED,
                codes,
                0));
    }

    /** Records committed since start. */
    public long writtenRecords() {
        return written.get();
    }

    /** Transactions committed since start (records per batch = written ÷ batches). */
    public long committedBatches() {
        return batches.get();
    }

    /** Batches written in one round trip since start, without the head's lock (PostgreSQL, the head unmoved). */
    public long unlockedBatches() {
        return unlockedBatches.get();
    }

    /**
     * Batches committed durably by the writer since start, in one round trip with no flush after it: nothing else was
     * waiting to be written or flushed (PostgreSQL).
     */
    public long durableBatches() {
        return durableBatches.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maximumBatch);
        while (!closing || !queue.isEmpty() || stager.isAlive()) {
            try {
                if (!queued.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                Pending first = queue.poll();
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int more = queue.drainTo(batch, maximumBatch - 1);
                // A permit per record taken. When some are not released yet (an append between its offer and its
                // release), none are taken here: later turns find nothing for them. Never fewer permits than records
                // waiting.
                queued.tryAcquire(more);
                // Nothing else waits to be written nor to be flushed: this batch commits durably in its own round
                // trip and is answered from here, instead of a round trip for the insert and one for the flush, and
                // two hand-offs between threads. Under load (records waiting) commits overlap as described above.
                write(batch, postgres && queue.isEmpty() && unflushed.isEmpty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = true;
            } catch (RuntimeException e) {
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
        // Whatever could not be written at shutdown is refused, never dropped silently.
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, new AuditUnavailableException("the gateway is shutting down"));
    }

    /**
     * Writes a batch in one transaction. If the store refuses a record of it (a data or constraint error, not an
     * unreachable store), no record of one caller may fail the others: the batch is written again record by record,
     * and a record the store still refuses is written in its {@linkplain AuditEntry#minimal() minimal form}; only if
     * that fails too does its request fail, alone.
     */
    private void write(List<Pending> batch, boolean durably) {
        try {
            if (durably) {
                long[] sequences = commitDurably(batch);
                if (sequences != null) {
                    durableBatches.incrementAndGet();
                    complete(batch, sequences, Runnable::run);
                    return;
                }
            }
            acknowledge(batch, commit(batch));
            return;
        } catch (SQLException e) {
            if (!refusedRecord(e)) {
                fail(batch, e);
                return;
            }
            log.error("the audit store refused a record of a batch of {}; writing them one by one", batch.size(), e);
        }
        for (Pending pending : batch) {
            List<Pending> one = List.of(pending);
            try {
                acknowledge(one, commit(one));
                continue;
            } catch (SQLException e) {
                if (!refusedRecord(e)) {
                    fail(one, e);
                    continue;
                }
                log.error("the audit store refused a record; writing its minimal form", e);
            }
            try {
                acknowledge(one, commit(List.of(pending.minimal())));
            } catch (SQLException e) {
                fail(one, e);
            }
        }
    }

    /**
     * Chains and inserts the entries in one transaction; their sequence numbers, once committed. On PostgreSQL that is
     * three round trips whatever the batch (the head's lock, with this transaction's asynchronous commit; every
     * record, subject and the new head in one statement over arrays; the commit); elsewhere a statement per step.
     */
    private long[] commit(List<Pending> entries) throws SQLException {
        Head expected = knownHead;
        knownHead = null;
        if (postgres && expected != null) {
            long[] sequences = commitAfter(expected, entries, INSERT_IF_HEAD_UNMOVED);
            if (sequences != null) {
                unlockedBatches.incrementAndGet();
                return sequences;
            }
        }
        return commitUnderLock(entries);
    }

    /**
     * Chains and writes the entries in one autocommitted statement whose commit waits for its flush, if the head is
     * where this writer left it; their sequence numbers, durable, or null when this writer does not know the head or
     * it had moved (nothing was written, the batch is to be committed as any other).
     */
    private long @Nullable [] commitDurably(List<Pending> entries) throws SQLException {
        Head expected = knownHead;
        if (expected == null) {
            return null;
        }
        knownHead = null;
        long[] sequences = commitAfter(expected, entries, INSERT_IF_HEAD_UNMOVED_DURABLY);
        if (sequences != null) {
            unlockedBatches.incrementAndGet();
        }
        return sequences;
    }

    /**
     * Chains the entries after {@code expected} and writes them in one autocommitted statement ({@code sql}: with an
     * asynchronous commit, as under the lock, or a synchronous one) that moves the head on only if it is still
     * {@code expected}; the sequence numbers, or null when the head had moved (another instance wrote) and nothing was
     * written.
     */
    private long @Nullable [] commitAfter(Head expected, List<Pending> entries, String sql) throws SQLException {
        Chained chained = chain(expected, entries);
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(true);
            if (!insertAsOneStatement(connection, entries, chained, expected, sql)) {
                return null;
            }
        }
        knownHead = chained.head();
        return chained.sequences();
    }

    /** Sequence numbers and hashes of entries chained after a head, and the head after them. */
    private record Chained(long[] sequences, String[] previousHashes, String[] hashes) {
        Head head() {
            return new Head(sequences[sequences.length - 1], hashes[hashes.length - 1]);
        }
    }

    private Chained chain(Head after, List<Pending> entries) {
        long seq = after.seq();
        String previous = after.hash();
        long[] sequences = new long[entries.size()];
        String[] hashes = new String[entries.size()];
        String[] previousHashes = new String[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            seq++;
            previousHashes[i] = previous;
            hashes[i] = chain.hash(seq, previous, entries.get(i).entry());
            sequences[i] = seq;
            previous = hashes[i];
        }
        return new Chained(sequences, previousHashes, hashes);
    }

    private long[] commitUnderLock(List<Pending> entries) throws SQLException {
        try (Connection connection = store.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Head head;
                // On PostgreSQL, for this transaction only, the commit does not wait for its flush: the flusher makes
                // it durable before anyone is told it is written.
                try (PreparedStatement read = connection.prepareStatement(
                                postgres
                                        ? "SELECT last_seq, last_hash, set_config('synchronous_commit', 'off', true)"
                                                + " FROM audit_head WHERE id = 1 FOR UPDATE"
                                        : "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
                        ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("audit_head has no row");
                    }
                    head = new Head(row.getLong(1), row.getString(2));
                }
                Chained chained = chain(head, entries);
                if (postgres) {
                    if (!insertAsOneStatement(connection, entries, chained, null, INSERT_UNDER_LOCK)) {
                        throw new SQLException("audit_head has no row");
                    }
                } else {
                    insertStatementByStatement(
                            connection, entries, chained.sequences(), chained.previousHashes(), chained.hashes());
                }
                connection.commit();
                knownHead = chained.head();
                return chained.sequences();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            }
        }
    }

    /**
     * The records, their subjects and the new head in one statement over arrays (PostgreSQL): one round trip. With
     * {@code expected}, the statement commits by itself without waiting for its flush, and writes anything only if
     * the head is still {@code expected}; false when it wrote nothing.
     */
    private boolean insertAsOneStatement(
            Connection connection, List<Pending> entries, Chained chained, @Nullable Head expected, String sql)
            throws SQLException {
        long[] sequences = chained.sequences();
        String[] previousHashes = chained.previousHashes();
        String[] hashes = chained.hashes();
        int count = entries.size();
        Long[] seqs = new Long[count];
        Long[] latencies = new Long[count];
        String[] times = new String[count];
        List<Long> setSeqs = new ArrayList<>();
        List<Long> sets = new ArrayList<>();
        @Nullable String[][] text = new String[TEXT_COLUMNS][count];
        List<String> subjects = new ArrayList<>();
        List<Long> subjectSeqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AuditEntry entry = entries.get(i).entry();
            seqs[i] = sequences[i];
            latencies[i] = entry.latencyMicros();
            Long set = entries.get(i).subjectSet();
            // The instant as UTC text (microseconds kept): PostgreSQL reads it back as the chain hashed it.
            times[i] = LocalDateTime.ofInstant(entry.at(), ZoneOffset.UTC).toString();
            List<@Nullable String> columns = textColumns(entry);
            for (int column = 0; column < TEXT_COLUMNS; column++) {
                text[column][i] = columns.get(column);
            }
            if (set != null) {
                // Its subjects are stored already, as the set it names.
                setSeqs.add(sequences[i]);
                sets.add(set);
                continue;
            }
            for (String subject : entry.subjects()) {
                subjects.add(subject);
                subjectSeqs.add(sequences[i]);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int parameter = 1;
            insert.setLong(parameter++, sequences[count - 1]);
            insert.setString(parameter++, hashes[count - 1]);
            if (expected != null) {
                insert.setLong(parameter++, expected.seq());
                insert.setString(parameter++, expected.hash());
            }
            insert.setArray(parameter++, connection.createArrayOf("int8", seqs));
            insert.setArray(parameter++, connection.createArrayOf("text", times));
            for (int column = 0; column < TEXT_COLUMNS; column++) {
                insert.setArray(parameter++, connection.createArrayOf("text", text[column]));
            }
            insert.setArray(parameter++, connection.createArrayOf("int8", latencies));
            insert.setArray(parameter++, connection.createArrayOf("text", previousHashes));
            insert.setArray(parameter++, connection.createArrayOf("text", hashes));
            insert.setArray(parameter++, connection.createArrayOf("int8", setSeqs.toArray(new Long[0])));
            insert.setArray(parameter++, connection.createArrayOf("int8", sets.toArray(new Long[0])));
            insert.setArray(parameter++, connection.createArrayOf("text", subjects.toArray(new String[0])));
            insert.setArray(parameter, connection.createArrayOf("int8", subjectSeqs.toArray(new Long[0])));
            try (ResultSet moved = insert.executeQuery()) {
                return moved.next() && moved.getLong(1) == 1;
            }
        }
    }

    /** The records, the sets bulk records name, and the other records' subjects, over arrays: both statements'. */
    private static final String INSERT_RECORDS = "records AS (INSERT INTO audit_record (seq, at,"
            + " instance_id, consumer_id, purpose_code, case_id, operator_id, operation_hash, operation, fields,"
            + " source_rows, outcome, codes, latency_micros, prev_hash, hash)"
            + " SELECT r.seq, r.at::timestamp, r.instance_id, r.consumer_id, r.purpose_code, r.case_id,"
            + " r.operator_id, r.operation_hash, r.operation, r.fields, r.source_rows, r.outcome, r.codes,"
            + " r.latency_micros, r.prev_hash, r.hash"
            + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])"
            + " AS r(seq, at, instance_id, consumer_id, purpose_code, case_id, operator_id, operation_hash,"
            + " operation, fields, source_rows, outcome, codes, latency_micros, prev_hash, hash) %1$s),"
            + " sets AS (INSERT INTO audit_record_subject_set (seq, set_id)"
            + " SELECT m.seq, m.set_id FROM unnest(?::bigint[], ?::bigint[]) AS m(seq, set_id) %1$s),"
            + " subjects AS (INSERT INTO audit_subject (subject, seq)"
            + " SELECT s.subject, s.seq FROM unnest(?::text[], ?::bigint[]) AS s(subject, seq) %1$s)";

    /** Within the transaction that holds the head's lock: the head moved on (1 row), the records, the subjects. */
    private static final String INSERT_UNDER_LOCK = "WITH moved AS (UPDATE audit_head SET last_seq = ?, last_hash = ?"
            + " WHERE id = 1 RETURNING 1), " + INSERT_RECORDS.formatted("") + " SELECT count(*) FROM moved";

    /**
     * On its own (autocommitted, its commit not waiting for the flush): the head moved on only from the expected one
     * (its sequence number and hash, the third and fourth parameters), and the records and subjects only if it did. A
     * concurrent writer's lock makes the update wait, then find the head moved: nothing is written (0 rows).
     */
    private static final String INSERT_IF_HEAD_UNMOVED = "WITH unflushed AS (SELECT set_config('synchronous_commit',"
            + " 'off', true) AS setting), moved AS (UPDATE audit_head SET last_seq = ?, last_hash = ?"
            + " WHERE id = 1 AND last_seq = ? AND last_hash = ? AND EXISTS (SELECT 1 FROM unflushed) RETURNING 1), "
            + INSERT_RECORDS.formatted("WHERE EXISTS (SELECT 1 FROM moved)") + " SELECT count(*) FROM moved";

    /**
     * As {@link #INSERT_IF_HEAD_UNMOVED}, with the store's synchronous commit: when the statement returns, its records
     * are durable, and so is every commit before it (earlier batches, bulk records' subject sets).
     */
    private static final String INSERT_IF_HEAD_UNMOVED_DURABLY = "WITH moved AS (UPDATE audit_head SET last_seq = ?,"
            + " last_hash = ? WHERE id = 1 AND last_seq = ? AND last_hash = ? RETURNING 1), "
            + INSERT_RECORDS.formatted("WHERE EXISTS (SELECT 1 FROM moved)") + " SELECT count(*) FROM moved";

    /** How many of {@link #textColumns}: {@code audit_record}'s columns from {@code instance_id} to {@code codes}. */
    private static final int TEXT_COLUMNS = 11;

    /** An entry's text columns from {@code instance_id} to {@code codes}, in the table's order. */
    private List<@Nullable String> textColumns(AuditEntry entry) {
        return Arrays.asList(
                instanceId,
                entry.consumer(),
                entry.purpose(),
                entry.caseId(),
                entry.operatorId(),
                entry.operationHash(),
                entry.operation(),
                String.join(",", entry.fields()),
                AuditEntries.rows(entry.sourceRows()),
                entry.outcome().name(),
                String.join(",", entry.codes()));
    }

    /**
     * The records, their subjects (those not stored as a set) and the new head, a statement each (H2, the demo's control
     * plane).
     */
    private void insertStatementByStatement(
            Connection connection, List<Pending> entries, long[] sequences, String[] previousHashes, String[] hashes)
            throws SQLException {
        try (PreparedStatement records = connection.prepareStatement(
                        "INSERT INTO audit_record (seq, at, instance_id, consumer_id, purpose_code, case_id,"
                                + " operator_id, operation_hash, operation, fields, source_rows, outcome,"
                                + " codes, latency_micros, prev_hash, hash)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement sets = connection.prepareStatement(
                        "INSERT INTO audit_record_subject_set (seq, set_id) VALUES (?, ?)");
                PreparedStatement subjects =
                        connection.prepareStatement("INSERT INTO audit_subject (subject, seq) VALUES (?, ?)")) {
            for (int i = 0; i < entries.size(); i++) {
                AuditEntry entry = entries.get(i).entry();
                Long set = entries.get(i).subjectSet();
                records.setLong(1, sequences[i]);
                records.setObject(2, LocalDateTime.ofInstant(entry.at(), ZoneOffset.UTC));
                List<@Nullable String> columns = textColumns(entry);
                for (int column = 0; column < TEXT_COLUMNS; column++) {
                    records.setString(3 + column, columns.get(column));
                }
                records.setLong(14, entry.latencyMicros());
                records.setString(15, previousHashes[i]);
                records.setString(16, hashes[i]);
                records.addBatch();
                if (set != null) {
                    sets.setLong(1, sequences[i]);
                    sets.setLong(2, set);
                    sets.addBatch();
                    continue;
                }
                for (String subject : entry.subjects()) {
                    subjects.setString(1, subject);
                    subjects.setLong(2, sequences[i]);
                    subjects.addBatch();
                }
            }
            records.executeBatch();
            sets.executeBatch();
            subjects.executeBatch();
        }
        try (PreparedStatement head =
                connection.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            head.setLong(1, sequences[sequences.length - 1]);
            head.setString(2, hashes[hashes.length - 1]);
            head.executeUpdate();
        }
    }

    private void acknowledge(List<Pending> committed, long[] sequences) {
        List<Pending> records = List.copyOf(committed);
        if (postgres) {
            unflushed.add(new Committed(records, sequences));
            return;
        }
        complete(records, sequences, acknowledgements);
    }

    /**
     * The flusher's loop: takes every batch committed so far, makes them durable with one flushing commit, and only
     * then completes their futures; if the flush fails, their requests fail (their records may still be on the
     * trail: more on the record than was answered, never less).
     */
    private void flush() {
        List<Committed> batch = new ArrayList<>();
        while (true) {
            try {
                Committed first = unflushed.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && !writer.isAlive() && unflushed.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                unflushed.drainTo(batch);
                try {
                    flushCommits();
                    batch.forEach(committed -> complete(committed.records(), committed.sequences(), acknowledgements));
                } catch (SQLException | RuntimeException e) {
                    batch.forEach(committed -> fail(committed.records(), e));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                List<Committed> left = new ArrayList<>(batch);
                unflushed.drainTo(left);
                left.forEach(committed ->
                        fail(committed.records(), new AuditUnavailableException("the gateway is shutting down")));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Commits an empty transaction that has a transaction id with the store's synchronous commit: PostgreSQL flushes
     * the WAL up to its commit record, which every earlier commit precedes (and waits for synchronous standbys, if any).
     */
    private void flushCommits() throws SQLException {
        try (Connection connection = store.getConnection()) {
            // One round trip: the statement is its own transaction, and it has a transaction id, so its commit
            // (synchronous, the store's default) flushes the WAL up to its commit record.
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_current_xact_id()");
            }
        }
    }

    /**
     * Completes the records' futures on {@code executor}: the acknowledgement threads for batches the flusher made
     * durable, so that what runs after a completion never delays the next flush; the writer itself for a batch it
     * committed durably alone (nothing else was waiting to be written).
     */
    private void complete(List<Pending> records, long[] sequences, java.util.concurrent.Executor executor) {
        written.addAndGet(records.size());
        batches.incrementAndGet();
        executor.execute(() -> {
            for (int i = 0; i < records.size(); i++) {
                records.get(i).written().complete(sequences[i]);
            }
        });
    }

    /**
     * Whether the store refused what was written (SQL state class 22, data exception, e.g. a value too long; or 23, a
     * constraint), rather than failing to store anything (connection, lock, disk): only then is it worth writing the
     * records one by one.
     */
    static boolean refusedRecord(SQLException failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (current instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    return true;
                }
                if (sql.getNextException() != null) {
                    pending.add(sql.getNextException());
                }
            }
            if (current.getCause() != null) {
                pending.add(current.getCause());
            }
        }
        return false;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("rollback after a failed audit batch failed too", e);
        }
    }

    private static void fail(List<Pending> batch, Exception cause) {
        if (batch.isEmpty()) {
            return;
        }
        log.error("the audit store did not take {} record(s); their requests are refused", batch.size(), cause);
        AuditUnavailableException failure = cause instanceof AuditUnavailableException unavailable
                ? unavailable
                : new AuditUnavailableException("the audit store did not take the record", cause);
        batch.forEach(pending -> pending.written().completeExceptionally(failure));
    }

    /** Stops taking records, writes those already queued, and waits for the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            stager.join(TimeUnit.SECONDS.toMillis(30));
            writer.join(TimeUnit.SECONDS.toMillis(30));
            if (postgres) {
                flusher.join(TimeUnit.SECONDS.toMillis(10));
            }
            acknowledgements.shutdown();
            acknowledgements.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
