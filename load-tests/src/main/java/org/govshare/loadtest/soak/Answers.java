package org.govshare.loadtest.soak;

/**
 * How the requests of one workload (or of all) ended.
 *
 * @param expected the answer the contract promises: data without errors, or for W5 the refusal with
 *     {@code FORBIDDEN_FIELD} and no data
 * @param unexpected any other answer (an error code, a wrong outcome, an HTTP status other than 200)
 * @param lost no answer at all (connection refused or closed, timeout)
 */
record Answers(long expected, long unexpected, long lost) {
    static final Answers NONE = new Answers(0, 0, 0);

    Answers {
        if (expected < 0 || unexpected < 0 || lost < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Requests the gateway answered, rightly or wrongly: each must have its audit record. */
    long responses() {
        return expected + unexpected;
    }

    long errors() {
        return unexpected + lost;
    }

    long sent() {
        return expected + unexpected + lost;
    }

    Answers plus(Answers other) {
        return new Answers(expected + other.expected, unexpected + other.unexpected, lost + other.lost);
    }
}
