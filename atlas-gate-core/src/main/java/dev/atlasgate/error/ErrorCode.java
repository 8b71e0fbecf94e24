package dev.atlasgate.error;

/**
 * The named reasons a call is refused or fails, as clients see them.
 *
 * <p>These names are part of the product contract: more may be added, none may be renamed.
 */
public enum ErrorCode {
  SESSION_REQUIRED,
  SESSION_EXPIRED,
  SESSION_ALREADY_ACTIVE,
  WORKSPACE_INVALID,
  ROLE_FORBIDDEN,
  INVALID_ARGUMENT,
  PATH_OUTSIDE_WORKSPACE,
  PATH_PROTECTED,
  FILE_NOT_FOUND,
  FILE_TOO_LARGE,
  PLAN_NOT_FOUND,
  PLAN_NOT_APPROVED,
  PLAN_LINT_FAILED,
  PATH_NOT_IN_PLAN_SCOPE,
  PHASE_NOT_IN_PLAN,
  AUDIT_UNAVAILABLE,
  SESSION_STORE_UNAVAILABLE,
  RATE_LIMITED,
  SESSION_LIMIT_REACHED,
  INTERNAL_ERROR
}
