/** The control-plane store of grants (Flyway schema, JDBC), read into immutable versioned snapshots. */
@NullMarked
package org.govshare.policy.store;

import org.jspecify.annotations.NullMarked;
