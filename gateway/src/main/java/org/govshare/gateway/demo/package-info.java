/**
 * Demo data: the fixed demo records of the public contract and the deterministic generator that fills the five demo
 * sources (police, hrss, tax, medical, market) with synthetic residents and enterprises.
 */
@NullMarked
package org.govshare.gateway.demo;

import org.jspecify.annotations.NullMarked;
