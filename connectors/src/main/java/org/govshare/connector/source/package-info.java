/** Registered JDBC sources: pools, dialects, Calcite schemas, metadata and health. */
@NullMarked
package org.govshare.connector.source;

import org.jspecify.annotations.NullMarked;
