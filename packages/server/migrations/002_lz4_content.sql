-- Resource JSON larger than ~2 kB (CareTeams, AuditEvents, Consents) is compressed by TOAST on every
-- write. lz4 compresses and decompresses several times faster than the default pglz, for about the
-- same size; PostgreSQL >= 14 built with lz4 (Debian's, the official images) supports it. Only new
-- values use it. PGlite is built without lz4, PostgreSQL 13 has no SET COMPRESSION: there the column
-- keeps pglz (the error is swallowed).
-- (One line: the migration runner splits statements on a `;` at the end of a line.)
DO $$ BEGIN ALTER TABLE resource_version ALTER COLUMN content SET COMPRESSION lz4; EXCEPTION WHEN feature_not_supported OR syntax_error THEN NULL; END $$;
