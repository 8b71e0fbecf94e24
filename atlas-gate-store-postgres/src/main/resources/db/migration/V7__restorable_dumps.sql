-- pg_dump and pg_restore run with an empty search_path. audit_json, which the generated columns
-- and CHECK constraints of audit_log and audit_archive call, calls audit_without_nul: unqualified,
-- it would not be found, and restoring a dump would fail at CREATE TABLE audit_log. The call is
-- qualified with the schema these objects were created in (the first of the migration's
-- search_path). A SET search_path on the function would do too, but would stop PostgreSQL from
-- inlining it, and it runs a dozen times per appended entry.
DO $$
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION audit_json(entry text) RETURNS json'
      || ' LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
    format('SELECT %I.audit_without_nul(entry, %L)::json', current_schema(), '\ufffd'));
END
$$;
