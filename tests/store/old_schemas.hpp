// The kiosk store's schemas as older versions left them, frozen here as shipped files would be: migration tests
// start from these.
#pragma once

#include <string>

namespace store_test {

// Version 2 (migrations 1 and 2): the outbox, its counts and indexes.
inline const std::string kVersion2Tables = R"sql(
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    department TEXT NOT NULL,
    language TEXT NOT NULL,
    payload TEXT NOT NULL,
    state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    sent_at TEXT,
    quarantine_reason TEXT
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE outbox_counts (
    state INTEGER PRIMARY KEY CHECK (state IN (0, 1, 2)),
    n INTEGER NOT NULL
);
INSERT INTO outbox_counts (state, n) VALUES (0, 0), (1, 0), (2, 0);
CREATE TRIGGER events_counted_on_insert AFTER INSERT ON events BEGIN
    UPDATE outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TRIGGER events_counted_on_delete AFTER DELETE ON events BEGIN
    UPDATE outbox_counts SET n = n - 1 WHERE state = OLD.state;
END;
CREATE TRIGGER events_counted_on_state_change AFTER UPDATE OF state ON events
WHEN OLD.state <> NEW.state BEGIN
    UPDATE outbox_counts SET n = n - 1 WHERE state = OLD.state;
    UPDATE outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE INDEX events_pending ON events (seq) WHERE state = 0;
CREATE INDEX events_quarantined ON events (seq) WHERE state = 2;
CREATE INDEX events_sent_at ON events (sent_at) WHERE state = 1;
)sql";
inline const std::string kVersion2Ddl = kVersion2Tables + "PRAGMA user_version = 2;\n";

// Version 3 (migration 3 added the content cache).
inline const std::string kVersion3Ddl = kVersion2Tables + R"sql(CREATE TABLE content (
    id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    kind TEXT NOT NULL,
    document TEXT NOT NULL
);
)sql" + "PRAGMA user_version = 3;\n";

}  // namespace store_test
