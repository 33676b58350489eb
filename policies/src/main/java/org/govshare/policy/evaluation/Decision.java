package org.govshare.policy.evaluation;

/** The outcome of deciding on a whole operation: allowed with its plan, or refused with reasons. */
public sealed interface Decision permits Allowed, Refused {}
