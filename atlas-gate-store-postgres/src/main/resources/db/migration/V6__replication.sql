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
