/**
 * Verification (核验): claims about a record checked at its source, only MATCH / MISMATCH / NO_RECORD coming back, and
 * the guessing defence that locks a subject for a consumer after too many mismatches.
 */
@NullMarked
package org.govshare.gateway.verification;

import org.jspecify.annotations.NullMarked;
