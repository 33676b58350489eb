/**
 * The read path: the one planner ({@link org.govshare.gateway.read.SourcePlanner}) that turns an operation and its
 * access decision into the source queries it runs, and the catalog-driven data fetchers and relation loaders that
 * bind values to those planned queries and execute them.
 */
@NullMarked
package org.govshare.gateway.read;

import org.jspecify.annotations.NullMarked;
