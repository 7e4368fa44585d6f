-- 0002 (PostgreSQL): what several face-server nodes over one database share.
--
-- - library_changes: each library's change log. Every face change (add,
--   delete, free, import) bumps libraries.change_seq under the library row
--   lock and writes its row here in the same transaction, so a library's log
--   is gapless and in commit order. A random tag per change lets a node tell
--   the change it applied at a sequence number from another one written
--   there after a restore or a lossy failover. Rows older than the retention
--   are pruned, but never a library's latest (a node that is current can
--   always check its position).
-- - used_signatures: single-use signatures (b = 0) seen by any node, until
--   they expire.
-- - nodes: one row per running face-server node, its heartbeat and sync state.
-- - deployment: named values every process must agree on (a canary sealed
--   with the deployment's secret-sealing key).

CREATE TABLE library_changes (
    library_id   bigint   NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    seq          bigint   NOT NULL CHECK (seq > 0),
    tag          bigint   NOT NULL,
    -- base: a position without a recorded change (libraries older than this log).
    op           text     NOT NULL CHECK (op IN ('add', 'delete', 'free', 'import', 'base')),
    face_ids     bigint[] NOT NULL DEFAULT '{}',
    -- Unix microseconds on the database's clock, taken just before COMMIT.
    committed_at bigint   NOT NULL,
    PRIMARY KEY (library_id, seq)
);

-- Pruning by age.
CREATE INDEX library_changes_by_time ON library_changes (committed_at);

-- Libraries changed before this log existed get their current position as a
-- base row, so a node that loaded them can check its position at once.
INSERT INTO library_changes (library_id, seq, tag, op, committed_at)
SELECT id, change_seq, floor((random() - 0.5) * 1.8e19)::bigint, 'base',
       (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
FROM libraries WHERE change_seq > 0 AND freed_at IS NULL;

CREATE TABLE used_signatures (
    -- The signature's HMAC.
    digest     bytea  PRIMARY KEY,
    -- Unix seconds after which the signature is refused as expired anyway.
    expires_at bigint NOT NULL
);

CREATE INDEX used_signatures_by_expiry ON used_signatures (expires_at);

CREATE TABLE nodes (
    node_id        text    PRIMARY KEY,
    -- The binary: its schema version and a digest of the executable.
    schema_version bigint  NOT NULL,
    build          text    NOT NULL,
    -- Unix milliseconds, on the database's clock.
    started_at     bigint  NOT NULL,
    heartbeat_at   bigint  NOT NULL,
    ready          boolean NOT NULL,
    -- Why the node is not ready ('' when it is).
    status         text    NOT NULL,
    -- Changes committed but not applied by the node at its last sync.
    behind         bigint  NOT NULL,
    -- Commit → applied on this node, p50 and p99 of recent changes, microseconds.
    lag_p50_us     bigint,
    lag_p99_us     bigint,
    -- Full reloads of a library since the node started.
    reloads        bigint  NOT NULL
);

CREATE TABLE deployment (
    name  text  PRIMARY KEY,
    value bytea NOT NULL
);
