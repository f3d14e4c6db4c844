/**
 * The provably fair draw: commitment, canonical ticket-list hash, key derivation, the HMAC byte stream, unbiased
 * integer sampling, partial Fisher–Yates selection with repeat-winner policy and disqualification redraws, and
 * verification of a published draw.
 *
 * <p>Everything here is pure, deterministic JDK code (SHA-256 and HMAC-SHA256 from {@code java.security} /
 * {@code javax.crypto}); there is no network access and no clock. The byte-level specification that an independent
 * verifier implements is {@code docs/fairness.md}; this package is its reference implementation, and the two must be
 * changed together.
 *
 * <p>Entry point: {@link io.rafflestars.common.draw.ProvableDraw}.
 */
package io.rafflestars.common.draw;
