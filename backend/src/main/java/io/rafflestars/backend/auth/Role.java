package io.rafflestars.backend.auth;

/**
 * What a console user may do; a user holds one or more. The route-by-route matrix is in docs/api.md.
 *
 * <ul>
 *   <li>{@code ADMIN}: manages console users.
 *   <li>{@code OPERATOR}: creates and runs raffles.
 *   <li>{@code FINANCE}: approves and executes payouts, reads the ledger.
 *   <li>{@code AUDITOR}: reads everything that is recorded, changes nothing.
 * </ul>
 */
public enum Role {
    ADMIN,
    OPERATOR,
    FINANCE,
    AUDITOR
}
