-- 0001 (PostgreSQL): tenant apps, face libraries ("groups" on the wire) and faces.
--
-- The same data as the SQLite schema (migrations/0001_initial.sql), shaped
-- for several writers and, later, several nodes:
-- - Times are Unix milliseconds, ids are identity columns (never reused:
--   library and face ids key the in-memory vector indexes).
-- - face_count is kept by the store's own statements under the library row
--   lock, not by triggers: a bulk import updates the row once, not per face.
-- - change_seq is bumped by every face change under that same lock, so each
--   library's changes have a gapless order (the nodes' change log builds on
--   it); incarnation tells one life of a library from another (a restore).
-- - free is a tombstone (freed_at), so a free with check_empty is one
--   conditional statement that an in-flight add cannot slip past; faces of a
--   freed library are purged after it. The unique index covers live
--   libraries only, so a freed group_id can be created again at once.
-- - Embeddings are bytea: little-endian float32, 512 bytes for 128-D.

CREATE TABLE apps (
    id            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    api_key       text    NOT NULL UNIQUE,
    name          text    NOT NULL,
    sealed_secret bytea   NOT NULL,
    state         text    NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
    max_groups    bigint  NOT NULL CHECK (max_groups >= 0),
    max_faces     bigint  NOT NULL CHECK (max_faces >= 0),
    created_at    bigint  NOT NULL
);

CREATE TABLE libraries (
    id            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id        bigint  NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    group_id      text    NOT NULL,
    name          text    NOT NULL,
    data          text    NOT NULL DEFAULT '',
    model_version text    NOT NULL,
    add_time      bigint  NOT NULL,
    face_count    bigint  NOT NULL DEFAULT 0 CHECK (face_count >= 0),
    change_seq    bigint  NOT NULL DEFAULT 0,
    incarnation   uuid    NOT NULL DEFAULT gen_random_uuid(),
    freed_at      bigint
);

-- One live library per (app, group_id); tombstones do not count.
CREATE UNIQUE INDEX libraries_live_group ON libraries (app_id, group_id) WHERE freed_at IS NULL;
-- Freed libraries whose faces still wait for the purge.
CREATE INDEX libraries_freed ON libraries (id) WHERE freed_at IS NOT NULL AND face_count > 0;

CREATE TABLE faces (
    id            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    library_id    bigint  NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    face_token    text    NOT NULL UNIQUE CHECK (face_token ~ '^[0-9a-f]{32}$'),
    user_id       text    NOT NULL,
    user_data     text    NOT NULL DEFAULT '',
    add_time      bigint  NOT NULL,
    model_version text    NOT NULL,
    embedding     bytea   NOT NULL
);

-- Creation-order paging within one library (list, index loads, export).
CREATE INDEX faces_by_library ON faces (library_id, id);
