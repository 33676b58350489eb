/** Consumers, purposes and grants: who may read or verify which catalog fields, for what, under which row filters and masks. */
@NullMarked
package org.govshare.policy.model;

import org.jspecify.annotations.NullMarked;
