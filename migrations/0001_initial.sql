-- 0001: tenant apps, face libraries ("groups" on the wire) and faces.
--
-- Times are Unix milliseconds. Face counts are kept by triggers inside the
-- same transaction as the row change, so every writer (server, facectl
-- import) keeps them right. An app's face total is the sum over its
-- libraries (at most max_groups rows, read through the app_id index).
-- Row ids are AUTOINCREMENT, so an id is never reused: library and face ids
-- key the in-memory vector indexes, and a reused id could resurrect a
-- deleted library's or face's vectors.

CREATE TABLE apps (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    api_key       TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    sealed_secret BLOB    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
    max_groups    INTEGER NOT NULL CHECK (max_groups >= 0),
    max_faces     INTEGER NOT NULL CHECK (max_faces >= 0),
    created_at    INTEGER NOT NULL
);

CREATE TABLE libraries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id        INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    group_id      TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    data          TEXT    NOT NULL DEFAULT '',
    model_version TEXT    NOT NULL,
    add_time      INTEGER NOT NULL,
    face_count    INTEGER NOT NULL DEFAULT 0 CHECK (face_count >= 0),
    UNIQUE (app_id, group_id)
);

CREATE TABLE faces (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    library_id    INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    face_token    TEXT    NOT NULL UNIQUE
                  CHECK (length(face_token) = 32 AND face_token NOT GLOB '*[^0-9a-f]*'),
    user_id       TEXT    NOT NULL,
    user_data     TEXT    NOT NULL DEFAULT '',
    add_time      INTEGER NOT NULL,
    model_version TEXT    NOT NULL,
    embedding     BLOB    NOT NULL
);

-- Creation-order paging within one library (list, embedding streaming).
CREATE INDEX faces_by_library ON faces(library_id, id);

CREATE TRIGGER faces_count_insert AFTER INSERT ON faces BEGIN
    UPDATE libraries SET face_count = face_count + 1 WHERE id = NEW.library_id;
END;

CREATE TRIGGER faces_count_delete AFTER DELETE ON faces BEGIN
    UPDATE libraries SET face_count = face_count - 1 WHERE id = OLD.library_id;
END;
