-- pg_dump and pg_restore run with an empty search_path. audit_json, audit_jsonb, audit_entry_seq
-- and audit_entry_is_record, which the generated columns and CHECK constraints of audit_log and
-- audit_archive call, call audit_without_nul or each other: without a
-- search_path of its own it would not find it, and restoring a dump would fail at CREATE TABLE
-- audit_log. It gets the schema these objects were created in (the first of the migration's
-- search_path), written out, so that every way of creating the schema gives the same function.
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION audit_json(text) SET search_path = %I', current_schema());
  EXECUTE format('ALTER FUNCTION audit_jsonb(text) SET search_path = %I', current_schema());
  EXECUTE format('ALTER FUNCTION audit_entry_seq(text) SET search_path = %I', current_schema());
  EXECUTE format('ALTER FUNCTION audit_entry_is_record(text) SET search_path = %I',
    current_schema());
END
$$;
