/** The subjects (persons, organisations) that records are about, as quotas and the audit trail count them. */
@NullMarked
package org.govshare.gateway.subject;

import org.jspecify.annotations.NullMarked;
