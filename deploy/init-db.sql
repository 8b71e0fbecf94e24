-- ATLAS-GATE database schema, for PostgreSQL 13 or newer (tested on 15 and 18).
--
-- GENERATED FILE, do not edit: it is the Flyway migrations of atlas-gate-store-postgres
-- (src/main/resources/db/migration) concatenated in version order. Regenerate it with
-- InitDbScript (see docs/postgres.md); a test fails when it differs from the migrations.
--
-- Load it into an empty database (psql -v ON_ERROR_STOP=1 -1 -f init-db.sql), or let the
-- gateway migrate the database itself when it starts: both give the same schema.

-- ==== V1__audit_log.sql ====

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

-- ==== V2__audit_verify.sql ====

-- Verification of the chain in SQL, agreeing with the Java ChainVerifier: an entry's hash is the
-- SHA-256 of the RFC 8785 (JCS) canonical form of the stored entry, recomputed here. The text
-- is canonicalised again rather than hashed as stored, exactly as the Java verifier parses and
-- re-serialises it, so an entry rewritten in a non-canonical form with a hash of that form is
-- found by both.

-- A JSON number as RFC 8785 writes it: ECMAScript's Number::toString of the nearest double.
-- With extra_float_digits > 0, float8 output is the shortest decimal that reads back as the
-- same double, except that it never ends on one of the two points half-way to the neighbouring
-- doubles, which ECMAScript (reading half-way points to even) allows: a shorter decimal is
-- looked for there. The layout is then ECMAScript's.
CREATE FUNCTION audit_canonical_number(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET extra_float_digits = 1
AS $$
DECLARE
  value float8 := raw::float8;
  shortest text;
  mantissa text;
  exponent int := 0;
  digits text;
  n int;
  k int;
  e int;
  down text;
  up text;
BEGIN
  IF value = 0 THEN
    RETURN '0';
  END IF;
  IF value < 0 THEN
    RETURN '-' || audit_canonical_number((-value)::text);
  END IF;
  shortest := value::text;
  mantissa := split_part(shortest, 'e', 1);
  IF strpos(shortest, 'e') > 0 THEN
    exponent := split_part(shortest, 'e', 2)::int;
  END IF;
  -- value = 0.digits * 10^n
  IF strpos(mantissa, '.') = 0 THEN
    digits := mantissa;
    n := length(mantissa) + exponent;
  ELSE
    digits := replace(mantissa, '.', '');
    n := strpos(mantissa, '.') - 1 + exponent;
  END IF;
  n := n - (length(digits) - length(ltrim(digits, '0')));
  digits := rtrim(ltrim(digits, '0'), '0');
  k := length(digits);
  FOR j IN 1 .. k - 1 LOOP
    down := substr(digits, 1, j);
    up := (down::numeric + 1)::text;
    IF (down || 'e' || (n - j))::float8 = value THEN
      digits := rtrim(down, '0');
      EXIT;
    ELSIF (up || 'e' || (n - j))::numeric <= 1.7976931348623157e308
          AND (up || 'e' || (n - j))::float8 = value THEN
      n := n + length(up) - j;
      digits := rtrim(up, '0');
      EXIT;
    END IF;
  END LOOP;
  k := length(digits);
  IF k <= n AND n <= 21 THEN
    RETURN digits || repeat('0', n - k);
  ELSIF 0 < n AND n <= 21 THEN
    RETURN substr(digits, 1, n) || '.' || substr(digits, n + 1);
  ELSIF -6 < n AND n <= 0 THEN
    RETURN '0.' || repeat('0', -n) || digits;
  END IF;
  e := n - 1;
  RETURN CASE WHEN k = 1 THEN digits ELSE substr(digits, 1, 1) || '.' || substr(digits, 2) END
      || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || abs(e)::text;
END
$$;

-- A sort key that orders strings by their UTF-16 code units, as RFC 8785 orders member names.
-- It differs from code point order only between U+E000..U+FFFF and the supplementary planes,
-- and for the character standing in for U+0000 (see audit_canonical_entry), which sorts first.
CREATE FUNCTION audit_utf16_key(value text, nul text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  key text := '';
  c int;
BEGIN
  FOR i IN 1 .. length(value) LOOP
    c := CASE WHEN substr(value, i, 1) = nul THEN 0 ELSE ascii(substr(value, i, 1)) END;
    IF c >= 65536 THEN
      c := c - 65536;
      key := key || lpad(to_hex(55296 + (c >> 10)), 4, '0') || lpad(to_hex(56320 + (c & 1023)), 4, '0');
    ELSE
      key := key || lpad(to_hex(c), 4, '0');
    END IF;
  END LOOP;
  RETURN key;
END
$$;

-- A JSON value in RFC 8785 canonical form. PostgreSQL's string escaping (to_json) is the one
-- RFC 8785 prescribes: \" \\ \b \f \n \r \t, other controls as lowercase \u00xx, nothing else.
-- nul is the character standing in for U+0000 in value, if any (it is in U+FDD0..U+FDEF).
CREATE FUNCTION audit_canonical(value json, nul text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  result text;
BEGIN
  CASE json_typeof(value)
    WHEN 'object' THEN
      IF EXISTS (SELECT 1 FROM json_object_keys(value) k WHERE k ~ '[\uE000-\U0010FFFF]') THEN
        SELECT '{' || coalesce(string_agg(to_json(m.key)::text || ':' || audit_canonical(m.value, nul), ','
                                          ORDER BY audit_utf16_key(m.key, nul) COLLATE "C"), '') || '}'
          INTO result FROM json_each(value) m;
      ELSE
        SELECT '{' || coalesce(string_agg(to_json(m.key)::text || ':' || audit_canonical(m.value, nul), ','
                                          ORDER BY m.key COLLATE "C"), '') || '}'
          INTO result FROM json_each(value) m;
      END IF;
    WHEN 'array' THEN
      SELECT '[' || coalesce(string_agg(audit_canonical(a.element, nul), ',' ORDER BY a.position), '') || ']'
        INTO result FROM json_array_elements(value) WITH ORDINALITY AS a(element, position);
    WHEN 'string' THEN
      result := to_json(value #>> '{}')::text;
    WHEN 'number' THEN
      result := audit_canonical_number(btrim(value::text));
    WHEN 'boolean' THEN
      result := btrim(value::text);
    ELSE
      result := 'null';
  END CASE;
  RETURN result;
END
$$;

-- A stored entry text in canonical form. U+0000 (which PostgreSQL text cannot hold) travels
-- through the canonicalisation as a noncharacter that the entry does not contain.
CREATE FUNCTION audit_canonical_entry(entry text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  stand_in text;
BEGIN
  IF strpos(entry, '\u0000') = 0 THEN
    RETURN audit_canonical(entry::json, NULL);
  END IF;
  SELECT chr(c) INTO stand_in
    FROM generate_series(64976, 65007) c
   WHERE strpos(entry, chr(c)) = 0 AND entry !~* ('\\u' || to_hex(c))
   ORDER BY c LIMIT 1;
  IF stand_in IS NULL THEN
    RAISE EXCEPTION 'the entry holds U+0000 and every character of U+FDD0..U+FDEF';
  END IF;
  RETURN replace(audit_canonical(audit_without_nul(entry, stand_in)::json, stand_in), stand_in, '\u0000');
END
$$;

-- The hash an entry text should carry.
CREATE FUNCTION audit_entry_hash(entry text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT encode(sha256(convert_to(audit_canonical_entry(entry), 'UTF8')), 'hex')
$$;

-- Recomputes the whole chain (audit_archive, then audit_log) from the first entry and names the
-- first place it breaks, as the Java ChainVerifier does given the head kept in audit_head:
-- SEQ_GAP, PREV_HASH_MISMATCH, HASH_MISMATCH, MALFORMED, or HEAD_MISMATCH when the chain does
-- not end at that head (entries cut from its end).
CREATE FUNCTION audit_verify()
RETURNS TABLE (valid boolean, first_invalid_seq bigint, reason text, entries_checked bigint,
               head_seq bigint, head_hash text, detail text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  r record;
  last_seq bigint := 0;
  last_hash text := repeat('0', 64);
  recomputed text;
  kept record;
BEGIN
  FOR r IN SELECT c.seq, c.prev_hash, c.hash, c.entry FROM audit_chain c ORDER BY c.seq LOOP
    IF r.seq <> last_seq + 1 THEN
      RETURN QUERY SELECT false, last_seq + 1, 'SEQ_GAP', last_seq, last_seq, last_hash,
        format('expected seq %s, found %s', last_seq + 1, r.seq);
      RETURN;
    END IF;
    IF r.prev_hash <> last_hash THEN
      RETURN QUERY SELECT false, r.seq, 'PREV_HASH_MISMATCH', last_seq, last_seq, last_hash,
        format('prev_hash %s is not the hash of entry %s, %s', r.prev_hash, last_seq, last_hash);
      RETURN;
    END IF;
    BEGIN
      recomputed := audit_entry_hash(r.entry);
    EXCEPTION WHEN OTHERS THEN
      RETURN QUERY SELECT false, r.seq, 'MALFORMED', last_seq, last_seq, last_hash,
        format('entry at seq %s cannot be canonicalised: %s', r.seq, SQLERRM);
      RETURN;
    END;
    IF recomputed <> r.hash THEN
      RETURN QUERY SELECT false, r.seq, 'HASH_MISMATCH', last_seq, last_seq, last_hash,
        format('stored hash %s, recomputed %s', r.hash, recomputed);
      RETURN;
    END IF;
    last_seq := r.seq;
    last_hash := r.hash;
  END LOOP;
  SELECT h.seq, h.hash INTO kept FROM audit_head h;
  IF kept.seq = last_seq AND kept.hash = last_hash THEN
    RETURN QUERY SELECT true, NULL::bigint, NULL::text, last_seq, last_seq, last_hash, NULL::text;
  ELSIF last_seq < kept.seq THEN
    RETURN QUERY SELECT false, last_seq + 1, 'HEAD_MISMATCH', last_seq, last_seq, last_hash,
      format('the chain ends at seq %s but the remembered head is seq %s: entries were cut from the end',
             last_seq, kept.seq);
  ELSE
    RETURN QUERY SELECT false, kept.seq, 'HEAD_MISMATCH', last_seq, last_seq, last_hash,
      format('entry %s does not have the remembered hash %s', kept.seq, kept.hash);
  END IF;
END
$$;

-- ==== V3__audit_retention_and_views.sql ====

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

-- ==== V4__plans.sql ====

-- Plans (SPEC section 5), per workspace: every version of every plan_id is kept, keyed by its
-- content hash; the status lives beside the plan, with its whole history.

CREATE TABLE plans (
  workspace text NOT NULL,
  plan_hash text NOT NULL CHECK (plan_hash ~ '^[0-9a-f]{64}$'),
  plan_id text NOT NULL,
  version bigint NOT NULL,
  title text NOT NULL,
  document text NOT NULL,
  status text NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'REVOKED')),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  approved_by text,
  approved_at timestamptz,
  revoked_by text,
  revoked_at timestamptz,
  CONSTRAINT plans_pkey PRIMARY KEY (workspace, plan_hash),
  CONSTRAINT plans_approval_complete CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
  CONSTRAINT plans_revocation_complete CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);
CREATE INDEX plans_newest ON plans (workspace, created_at DESC, plan_hash);
CREATE INDEX plans_versions ON plans (workspace, plan_id, version);

CREATE TABLE plan_status_history (
  workspace text NOT NULL,
  plan_hash text NOT NULL,
  step integer NOT NULL CHECK (step >= 1),
  status text NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'REVOKED')),
  actor text NOT NULL,
  at timestamptz NOT NULL,
  CONSTRAINT plan_status_history_pkey PRIMARY KEY (workspace, plan_hash, step),
  CONSTRAINT plan_status_history_plan FOREIGN KEY (workspace, plan_hash)
    REFERENCES plans (workspace, plan_hash)
);

-- ==== V5__sessions.sql ====

-- Governance sessions and MCP transport sessions (SPEC section 3), shared by every gateway
-- instance. A row past expires_at is never returned; purging it is housekeeping.

CREATE TABLE sessions (
  session_id text NOT NULL,
  role text NOT NULL,
  workspace_root text NOT NULL,
  principal text NOT NULL,
  created_at timestamptz NOT NULL,
  last_activity timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT sessions_pkey PRIMARY KEY (session_id)
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE transport_sessions (
  transport_id text NOT NULL,
  protocol_version text NOT NULL,
  principal text NOT NULL,
  session_id text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT transport_sessions_pkey PRIMARY KEY (transport_id)
);
CREATE INDEX transport_sessions_expires_at ON transport_sessions (expires_at);
-- MAX_SESSIONS_PER_PRINCIPAL counts a principal's live transport sessions at each initialize.
CREATE INDEX transport_sessions_principal ON transport_sessions (principal, expires_at);

-- ==== V6__replication.sql ====

-- A publication for logical replication of the product's tables to a standby or an archive
-- (CREATE SUBSCRIPTION ... PUBLICATION atlas_gate_pub on the other side). Creating one needs
-- the CREATE privilege on the database; a role without it still migrates, with a notice, and
-- an administrator can create the publication later with the statement below.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'atlas_gate_pub') THEN
    BEGIN
      CREATE PUBLICATION atlas_gate_pub FOR TABLE
        audit_head, audit_log, audit_archive, plans, plan_status_history,
        sessions, transport_sessions;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'publication atlas_gate_pub not created: role % may not create publications here',
        current_user;
    END;
  END IF;
END
$$;

-- ==== V7__restorable_dumps.sql ====

-- pg_dump and pg_restore run with an empty search_path. audit_json and audit_jsonb, which the
-- generated columns and CHECK constraints of audit_log and audit_archive call, call
-- audit_without_nul: unqualified, it would not be found, and restoring a dump would fail at
-- CREATE TABLE audit_log. The call is qualified with the schema these objects were created in
-- (the first of the migration's search_path). A SET search_path on these SQL functions would do
-- too, but would stop PostgreSQL from inlining them, and they run on every appended entry. The
-- PL/pgSQL checks (never inlined) get a search_path of their own instead.
DO $$
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION audit_json(entry text) RETURNS json'
      || ' LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
    format('SELECT %I.audit_without_nul(entry, %L)::json', current_schema(), '\ufffd'));
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION audit_jsonb(entry text) RETURNS jsonb'
      || ' LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
    format('SELECT %I.audit_without_nul(entry, %L)::jsonb', current_schema(), '\ufffd'));
  EXECUTE format('ALTER FUNCTION audit_entry_seq(text) SET search_path = %I', current_schema());
  EXECUTE format('ALTER FUNCTION audit_entry_is_record(text) SET search_path = %I',
    current_schema());
END
$$;

-- ==== V8__audit_one_check.sql ====

-- One check per appended row instead of three, and the query columns (ts, instance, session_id,
-- tool) written by the appender and checked against the entry instead of generated from it.
-- The guarantee is the same: no column of a row can say something its hashed text does not, and
-- a CHECK constraint is not lifted by disabling triggers. The cost is not: the generated columns
-- and the three checks parsed each entry's text nine times (about 90 µs of PostgreSQL CPU per
-- row); the one check below parses it once.
--
-- Calls inside the body are qualified with this schema rather than found through a search_path
-- set on the function (pg_dump restores with an empty search_path, and a SET on the function
-- would cost a configuration change on every call).
DO $$
BEGIN
  EXECUTE format($f$
    CREATE FUNCTION audit_entry_matches(seq bigint, prev_hash text, ts timestamptz,
        instance text, session_id text, tool text, entry text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS %L
  $f$, format($b$
DECLARE
  d jsonb := %1$I.audit_jsonb(entry);
BEGIN
  RETURN coalesce(
    jsonb_typeof(d) = 'object' AND d -> 'hash' IS NULL
      AND jsonb_typeof(d -> 'seq') = 'number' AND (d ->> 'seq')::numeric = seq
      AND prev_hash = d ->> 'prev_hash'
      AND ts IS NOT DISTINCT FROM %1$I.audit_timestamp(d ->> 'ts')
      AND instance IS NOT DISTINCT FROM d ->> 'instance'
      AND session_id IS NOT DISTINCT FROM d ->> 'session_id'
      AND tool IS NOT DISTINCT FROM d ->> 'tool',
    false);
END
$b$, current_schema()));
END
$$;

ALTER TABLE audit_log
  ALTER COLUMN ts DROP EXPRESSION,
  ALTER COLUMN instance DROP EXPRESSION,
  ALTER COLUMN session_id DROP EXPRESSION,
  ALTER COLUMN tool DROP EXPRESSION;

ALTER TABLE audit_log
  DROP CONSTRAINT audit_log_seq_of_entry,
  DROP CONSTRAINT audit_log_prev_hash_of_entry,
  DROP CONSTRAINT audit_log_entry_is_record,
  ADD CONSTRAINT audit_log_entry_matches
    CHECK (seq >= 1 AND audit_entry_matches(seq, prev_hash, ts, instance, session_id, tool, entry));

-- ==== V9__audit_checkpoints.sql ====

-- Signed checkpoints of the audit chain (SPEC section 7, "Checkpoints"): one row per tree size,
-- insert-only. Every instance signs the trees it sees; Ed25519 signatures are deterministic, so two
-- instances signing the same size with the same key write the same note.

CREATE TABLE audit_checkpoints (
  tree_size bigint PRIMARY KEY CHECK (tree_size >= 1),
  root_hash text NOT NULL CHECK (root_hash ~ '^[0-9a-f]{64}$'),
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION audit_checkpoints_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is insert-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER audit_checkpoints_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_insert_only();

CREATE TRIGGER audit_checkpoints_no_truncate
  BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_insert_only();

-- ==== end of the migrations ====

-- Tells the gateway's Flyway that this database is migrated up to here (it then records a
-- baseline at this version instead of running the migrations again).
COMMENT ON TABLE audit_head IS 'ATLAS-GATE schema version 9, loaded from deploy/init-db.sql';
