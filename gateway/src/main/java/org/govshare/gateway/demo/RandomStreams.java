package org.govshare.gateway.demo;

import java.util.SplittableRandom;

/**
 * Independent random streams addressed by (seed, stream, index), so that any generated row can be recomputed on its
 * own, by any writer thread, in any order, and always comes out the same.
 */
final class RandomStreams {
    private RandomStreams() {}

    /** The random generator for item {@code index} of {@code stream}. */
    static SplittableRandom forItem(long seed, long stream, long index) {
        return new SplittableRandom(mix(mix(seed ^ mix(stream)) + index));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, the mixer SplittableRandom itself uses. */
    static long mix(long value) {
        long mixed = value;
        mixed = (mixed ^ (mixed >>> 30)) * 0xbf58476d1ce4e5b9L;
        mixed = (mixed ^ (mixed >>> 27)) * 0x94d049bb133111ebL;
        return mixed ^ (mixed >>> 31);
    }
}
