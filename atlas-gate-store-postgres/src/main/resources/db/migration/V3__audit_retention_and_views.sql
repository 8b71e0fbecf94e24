-- Retention: old entries move from audit_log to audit_archive; the two together stay one
-- verifiable chain (audit_chain, audit_verify()). Nothing is ever deleted from the chain.

-- Moves every entry with seq < before_seq to audit_archive and returns how many moved. The
-- triggers check each move: only an identical copy can be archived, and only an archived
-- entry can leave audit_log.
CREATE FUNCTION audit_archive_before(before_seq bigint) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  moved bigint;
BEGIN
  -- One archiver at a time; appenders are not blocked (they only insert above the head).
  LOCK TABLE audit_archive IN SHARE ROW EXCLUSIVE MODE;
  INSERT INTO audit_archive (seq, prev_hash, hash, entry)
    SELECT l.seq, l.prev_hash, l.hash, l.entry FROM audit_log l WHERE l.seq < before_seq ORDER BY l.seq;
  GET DIAGNOSTICS moved = ROW_COUNT;
  DELETE FROM audit_log l WHERE l.seq < before_seq;
  RETURN moved;
END
$$;

-- The entries of the last 24 hours, newest first, as columns (entry is the record). The columns
-- that are not stored are read from the entry here, at query time, rather than at every append.
CREATE VIEW audit_recent_activity AS
  SELECT l.seq, l.ts, l.instance, l.session_id, e ->> 'principal' AS principal,
         e ->> 'role' AS role, l.tool, e ->> 'workspace_root' AS workspace_root,
         e ->> 'plan_hash' AS plan_hash, e ->> 'phase_id' AS phase_id, e ->> 'result' AS result,
         e ->> 'error_code' AS error_code, (e ->> 'duration_ms')::bigint AS duration_ms
    FROM audit_log l, LATERAL audit_jsonb(l.entry) AS e
   WHERE l.ts > now() - interval '24 hours'
   ORDER BY l.seq DESC;

-- A cheap structural check for dashboards: the head, the extent of the log and the archive,
-- and whether the seqs are contiguous and end at the head. It reads seqs and hashes only;
-- audit_verify() recomputes every hash.
CREATE VIEW audit_integrity_status AS
  WITH chain AS (
    SELECT count(*) AS entries, min(c.seq) AS first_seq, max(c.seq) AS last_seq
      FROM audit_chain c
  ), last_entry AS (
    SELECT c.seq, c.hash FROM audit_chain c ORDER BY c.seq DESC LIMIT 1
  )
  SELECT h.seq AS head_seq,
         h.hash AS head_hash,
         h.updated_at AS head_updated_at,
         (SELECT count(*) FROM audit_log) AS log_entries,
         (SELECT count(*) FROM audit_archive) AS archived_entries,
         chain.first_seq,
         chain.last_seq,
         (chain.entries = 0 AND h.seq = 0)
           OR (chain.first_seq = 1 AND chain.last_seq = chain.entries
               AND chain.last_seq = h.seq
               AND (SELECT le.hash FROM last_entry le) = h.hash) AS contiguous_to_head
    FROM audit_head h, chain;
