package dev.atlasgate.store.postgres;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** How a failed database call is told: to the client as a code, to the operator as a sentence. */
final class SqlFailure {
  private SqlFailure() {}

  /** A failure the caller may report as it is: the backend is unavailable for {@code what}. */
  static GateException unavailable(ErrorCode code, String what, Throwable cause) {
    return new GateException(code, what + ": " + describe(cause), cause);
  }

  /** {@code SQLSTATE 08006: An I/O error occurred ...}, or the message of a non-SQL failure. */
  static String describe(Throwable failure) {
    StringBuilder out = new StringBuilder();
    if (failure instanceof SQLException sql && sql.getSQLState() != null) {
      out.append("SQLSTATE ").append(sql.getSQLState()).append(": ");
    }
    out.append(
        failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
    return out.toString();
  }

  /**
   * Whether the connection or the server went away (class 08, admin shutdown, crash, or no
   * connection to be had), as opposed to the statement being refused.
   */
  static boolean isConnectionLoss(SQLException failure) {
    if (failure instanceof SQLTransientConnectionException) {
      return true;
    }
    String state = failure.getSQLState();
    return state == null
        || state.startsWith("08")
        || state.startsWith("57P")
        || state.equals("53300");
  }

  /**
   * A connection that was lost, as opposed to a server that cannot be reached at all (no connection
   * could be had in time): another connection may well work.
   */
  static boolean isBrokenConnection(SQLException failure) {
    return isConnectionLoss(failure) && !(failure instanceof SQLTransientConnectionException);
  }
}
