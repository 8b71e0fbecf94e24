-- The audit chain (SPEC section 7): append-only rows whose canonical JSON text is the truth.
--
-- entry holds the RFC 8785 canonical form of the entry without its hash: exactly the bytes
-- whose SHA-256 is hash. seq and prev_hash are checked against entry, and the query columns
-- are generated from it, so no column can say something the hashed text does not. Neither a
-- CHECK constraint nor a generated column is lifted by disabling triggers: not even a superuser
-- can make them disagree. (seq and prev_hash are plain columns with a CHECK rather than
-- generated ones because the primary key is the replica identity of logical replication, which
-- PostgreSQL 18 refuses to build from unpublished generated columns.)

DO $$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'ATLAS-GATE needs a UTF8 database, and % is %',
      current_database(), current_setting('server_encoding');
  END IF;
END
$$;

-- The entry text with each \u0000 escape (U+0000, which PostgreSQL's JSON functions cannot
-- process) written as the escape of another character. Backslashes are counted, so an escaped
-- backslash followed by "u0000" is left alone. The hashed text itself is never changed.
CREATE FUNCTION audit_without_nul(entry text, replacement text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN strpos(entry, '\u0000') = 0 THEN entry
              ELSE regexp_replace(entry, '(?<!\\)((?:\\\\)*)\\u0000', '\1' || replace(replacement, '\', '\\'), 'g') END
$$;

-- The entry as JSON for the query columns: U+0000 shows as U+FFFD there.
CREATE FUNCTION audit_json(entry text) RETURNS json
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT audit_without_nul(entry, '\ufffd')::json
$$;

-- The entry parsed once, for the checks of a row: each check costs one parse of the entry.
CREATE FUNCTION audit_jsonb(entry text) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT audit_without_nul(entry, '\ufffd')::jsonb
$$;

-- The seq an entry states, or NULL when it states none as a number. (PL/pgSQL rather than SQL:
-- a SQL function with a sub-select is not inlined and costs several times the parse.)
CREATE FUNCTION audit_entry_seq(entry text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  d jsonb := audit_jsonb(entry);
BEGIN
  IF jsonb_typeof(d -> 'seq') = 'number' THEN
    RETURN (d ->> 'seq')::numeric;
  END IF;
  RETURN NULL;
END
$$;

-- Whether the entry is an object without its own hash (the hash is the column beside it).
CREATE FUNCTION audit_entry_is_record(entry text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  d jsonb := audit_jsonb(entry);
BEGIN
  RETURN jsonb_typeof(d) = 'object' AND d -> 'hash' IS NULL;
END
$$;

-- An entry's ts, always UTC with a Z, so the result does not depend on the session time zone.
CREATE FUNCTION audit_timestamp(ts text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN ts ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$' THEN ts::timestamptz END
$$;

-- The head of the chain: one row, moved on by the insert trigger of audit_log only. Appenders
-- lock it (SELECT ... FOR UPDATE) to take the next seq; a SEQUENCE would not do, because a
-- rolled-back transaction leaves a gap in a sequence, and a gap reads as a deleted entry.
CREATE TABLE audit_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL CHECK (seq >= 0),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_head (seq, hash) VALUES (0, repeat('0', 64));

CREATE TABLE audit_log (
  seq bigint NOT NULL,
  ts timestamptz GENERATED ALWAYS AS (audit_timestamp(audit_json(entry) ->> 'ts')) STORED,
  instance text GENERATED ALWAYS AS (audit_json(entry) ->> 'instance') STORED,
  session_id text GENERATED ALWAYS AS (audit_json(entry) ->> 'session_id') STORED,
  tool text GENERATED ALWAYS AS (audit_json(entry) ->> 'tool') STORED,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  entry text NOT NULL,
  CONSTRAINT audit_log_pkey PRIMARY KEY (seq),
  CONSTRAINT audit_log_seq_of_entry CHECK (seq >= 1 AND seq = audit_entry_seq(entry)),
  CONSTRAINT audit_log_prev_hash_of_entry CHECK (prev_hash = audit_jsonb(entry) ->> 'prev_hash'),
  CONSTRAINT audit_log_prev_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT audit_log_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT audit_log_entry_is_record CHECK (audit_entry_is_record(entry))
);
CREATE INDEX audit_log_ts ON audit_log (ts);
CREATE INDEX audit_log_session ON audit_log (session_id, seq);
CREATE INDEX audit_log_tool ON audit_log (tool, seq);

-- Old entries moved out of audit_log by audit_archive_before(); audit_archive and audit_log
-- together are the whole chain.
CREATE TABLE audit_archive (
  seq bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  entry text NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_archive_pkey PRIMARY KEY (seq),
  CONSTRAINT audit_archive_seq_of_entry CHECK (seq >= 1 AND seq = audit_entry_seq(entry)),
  CONSTRAINT audit_archive_prev_hash_of_entry CHECK (prev_hash = audit_jsonb(entry) ->> 'prev_hash'),
  CONSTRAINT audit_archive_prev_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT audit_archive_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT audit_archive_entry_is_record CHECK (audit_entry_is_record(entry))
);

-- The whole chain in order: the archive, then the live log. A row being moved is in both
-- tables only inside the moving transaction; an identical copy is shown once.
CREATE VIEW audit_chain AS
  SELECT a.seq, a.prev_hash, a.hash, a.entry
    FROM audit_archive a
   WHERE NOT EXISTS (
     SELECT 1 FROM audit_log l WHERE l.seq = a.seq AND l.hash = a.hash AND l.entry = a.entry)
  UNION ALL
  SELECT l.seq, l.prev_hash, l.hash, l.entry FROM audit_log l;

-- Append-only: what no session may do to the chain, whoever it is.
CREATE FUNCTION audit_refuse() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION '% on % is refused: the audit chain is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'entries leave audit_log only through audit_archive_before(seq)';
END
$$;

-- The rows of an INSERT must continue the chain at the head, one after another, in seq order;
-- the last becomes the head. The check runs once per statement over its transition table, so a
-- batch of entries moves the head once rather than once per row.
CREATE FUNCTION audit_log_advance_head() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  bad record;
  last record;
BEGIN
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h;
  SELECT r.seq, r.prev_hash, r.expected_prev INTO bad
    FROM (SELECT n.seq, n.prev_hash,
                 coalesce(lag(n.hash) OVER w, head_hash) AS expected_prev,
                 head_seq + row_number() OVER w AS expected_seq
            FROM new_rows n
          WINDOW w AS (ORDER BY n.seq)) r
   WHERE r.seq <> r.expected_seq OR r.prev_hash <> r.expected_prev
   ORDER BY r.seq
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'audit entry % does not continue the chain: the head is seq % with hash %, the entry has prev_hash %',
      bad.seq, head_seq, head_hash, bad.prev_hash
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  SELECT n.seq, n.hash INTO last FROM new_rows n ORDER BY n.seq DESC LIMIT 1;
  IF FOUND THEN
    UPDATE audit_head SET seq = last.seq, hash = last.hash, updated_at = now();
  END IF;
  RETURN NULL;
END
$$;

-- The head moves forward only, onto an entry that is in audit_log, with every entry between the
-- old head and it in place and the first of them linked to the old head.
CREATE FUNCTION audit_head_check_move() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.seq <= OLD.seq
     OR NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.seq = NEW.seq AND l.hash = NEW.hash)
     OR NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.seq = OLD.seq + 1 AND l.prev_hash = OLD.hash)
     OR (SELECT count(*) FROM audit_log l WHERE l.seq > OLD.seq AND l.seq <= NEW.seq)
        <> NEW.seq - OLD.seq THEN
    RAISE EXCEPTION 'the audit head moves only onto the next appended entry (from seq % to %)',
      OLD.seq, NEW.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

-- An entry leaves audit_log only once an identical copy is in audit_archive.
CREATE FUNCTION audit_log_check_delete() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT EXISTS (
       SELECT 1 FROM audit_archive a
        WHERE a.seq = OLD.seq AND a.hash = OLD.hash AND a.entry = OLD.entry) THEN
    RAISE EXCEPTION 'DELETE on audit_log is refused: the audit chain is append-only (entry % is not archived)',
      OLD.seq
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'entries leave audit_log only through audit_archive_before(seq)';
  END IF;
  RETURN OLD;
END
$$;

-- Only a copy of an entry of audit_log can be archived.
CREATE FUNCTION audit_archive_check_insert() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT EXISTS (
       SELECT 1 FROM audit_log l
        WHERE l.seq = NEW.seq AND l.hash = NEW.hash AND l.entry = NEW.entry) THEN
    RAISE EXCEPTION 'INSERT on audit_archive is refused: entry % is not a copy of an entry of audit_log',
      NEW.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_advance_head AFTER INSERT ON audit_log
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_advance_head();
CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_log_check_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_check_delete();
CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();

CREATE TRIGGER audit_archive_check_insert AFTER INSERT ON audit_archive
  FOR EACH ROW EXECUTE FUNCTION audit_archive_check_insert();
CREATE TRIGGER audit_archive_refuse_change BEFORE UPDATE OR DELETE ON audit_archive
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_archive_refuse_truncate BEFORE TRUNCATE ON audit_archive
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();

CREATE TRIGGER audit_head_check_move BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_check_move();
CREATE TRIGGER audit_head_refuse_change BEFORE INSERT OR DELETE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_head_refuse_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
