package org.govshare.gateway.read;

/**
 * Wraps an object for use in cache keys by identity, for parsed documents and their nodes: cached documents are
 * shared, so the same text is the same object, and equal-looking nodes in different places must stay apart.
 */
public record Identity(Object value) {
    @Override
    public boolean equals(Object other) {
        return other instanceof Identity that && that.value == value;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(value);
    }
}
