package org.govshare.gateway.demo;

/**
 * A keyed pseudo-random bijection of {@code [0, size)}: a four-round Feistel network on the next even power of two,
 * with cycle walking back into range. It lets the generator hand out unique identifiers by index without
 * remembering the ones it has already used.
 */
final class IndexPermutation {
    private static final int ROUNDS = 4;

    private final long size;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    IndexPermutation(long size, long key) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        this.size = size;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        for (int round = 0; round < ROUNDS; round++) {
            roundKeys[round] = RandomStreams.mix(key + round);
        }
    }

    long size() {
        return size;
    }

    /** The image of {@code index}, itself in {@code [0, size)}. */
    long apply(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + size + ")");
        }
        // The network permutes the whole power-of-two domain; repeating it until the value lands in range keeps the
        // restriction to [0, size) a bijection, and the domain is less than four times size so this ends quickly.
        long value = index;
        do {
            value = encrypt(value);
        } while (value >= size);
        return value;
    }

    private long encrypt(long value) {
        long left = value >>> halfBits;
        long right = value & halfMask;
        for (long roundKey : roundKeys) {
            long next = left ^ (RandomStreams.mix(right ^ roundKey) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }
}
