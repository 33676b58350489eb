/**
 * The audit trail (谁使用谁负责): a durable, hash-chained record of every operation, written with group commit
 * before the response leaves, and read back by subject, by consumer and purpose, and to check the chain.
 */
@NullMarked
package org.govshare.gateway.audit;

import org.jspecify.annotations.NullMarked;
