package org.govshare.policy.model;

/**
 * How a masked field's value is shown. A mask that hides part of a lookup key is only as strong as the number of
 * values it leaves open against the guesses a caller may make: {@link #maximumLookupMissesPerDay()} states that
 * bound, and a grant with the mask may not allow more.
 */
public enum MaskKind {
    /**
     * An ID number keeps only its region (the first 6 characters): {@code 441900************}. Hidden are the birth
     * date (8), the sequence (3, whose last digit's parity is the gender) and the check character, which the other 17
     * determine. For a caller that knows the region (shown), the gender (a field it may read) and even the birth year,
     * one masked value leaves 365 days × 100 × 5 = 182,500 candidates.
     */
    ID_NUMBER(182_500),
    /** An address is cut after its district-level part (街道/镇/乡 or 区/县); it is no key, so no lookup guesses it. */
    ADDRESS_TO_DISTRICT(0);

    /**
     * A year of a caller's full daily guessing budget may cover at most this share of one masked value's candidates.
     */
    public static final int CANDIDATES_PER_YEARLY_GUESS = 20;

    private final long candidates;

    MaskKind(long candidates) {
        this.candidates = candidates;
    }

    /** Candidates one masked value leaves open to a well-informed caller; 0 when the mask hides no key. */
    public long candidates() {
        return candidates;
    }

    /**
     * The most lookups that find nothing a caller whose grant has this mask may make per day, so that a year of them
     * tests at most 1/{@value #CANDIDATES_PER_YEARLY_GUESS} of one masked value's candidates: 182,500 / 20 / 365 = 25
     * for an ID number. 0 when the mask puts no bound on lookups.
     */
    public int maximumLookupMissesPerDay() {
        return (int) (candidates / CANDIDATES_PER_YEARLY_GUESS / 365);
    }
}
