/** The access decision: a whole operation, a caller and a purpose in; an allowed plan or a refusal with reasons out. Deny by default. */
@NullMarked
package org.govshare.policy.evaluation;

import org.jspecify.annotations.NullMarked;
