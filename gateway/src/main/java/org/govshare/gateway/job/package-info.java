/**
 * Batch verification jobs (核验 in sets): a consumer with a VERIFY grant that allows batch use submits the claims and
 * a list of subjects, and gets one outcome per subject, never a value. Jobs live in the control plane, so any instance
 * resumes them; each batch of subjects is checked in one statement at the source and is one audit record.
 */
@NullMarked
package org.govshare.gateway.job;

import org.jspecify.annotations.NullMarked;
