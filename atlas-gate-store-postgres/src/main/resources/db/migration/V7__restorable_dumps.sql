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
