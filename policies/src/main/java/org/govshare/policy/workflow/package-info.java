/**
 * The share-request workflow (共享申请) with its statutory deadlines in working days, and corrections (校核纠错):
 * consumers apply and report, the providing department's steward answers, the authority arbitrates.
 */
@NullMarked
package org.govshare.policy.workflow;

import org.jspecify.annotations.NullMarked;
