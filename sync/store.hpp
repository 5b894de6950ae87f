// The kiosk's local store: a SQLite outbox of events (WAL, synchronous=FULL), the cache of what the collector's feed
// brings (content, questions, ambassador credentials) and the lockout counts, with a versioned schema.
#pragma once

#include "sync/secret_checks.hpp"
#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/content_item.hpp"
#include "sync/shared/event.hpp"
#include "sync/shared/question_view.hpp"
#include "sync/store_error.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync {

enum class EventState { pending = 0, sent = 1, quarantined = 2 };

struct StoredEvent {
    std::int64_t seq = 0;  // insertion order; the sync engine sends oldest first
    Event event;
    EventState state = EventState::pending;
    std::string sent_at;          // RFC 3339 UTC, when the collector confirmed it
    std::string quarantine_reason;
};

// Maintained incrementally by the store, so reading them costs O(1) even with millions of events.
struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t quarantined = 0;
};

// How the Store's own connection is set up, read back from SQLite (diagnostics for technicians and tests).
struct ConnectionSettings {
    std::string journal_mode;  // "wal"
    int synchronous = 0;       // 2 = FULL
    bool foreign_keys = false;
    int busy_timeout_ms = 0;
    int schema_version = 0;
};

// One page of the collector's feed, decoded and checked, as the kiosk applies it (Store::apply_feed_page).
// Each section works alike: upserts replace whatever is stored under their id, removals delete (an id not stored is
// no error), removals before upserts.
struct FeedPage {
    std::string from_cursor;              // the cursor this page was asked for; "" before the first page
    std::vector<content::Item> upserts;   // new or edited items
    std::vector<std::string> removals;    // ids of withdrawn items
    std::string next_cursor;              // becomes feed_cursor()
    std::string etag;                     // becomes feed_etag(); "" clears it (a page with more to follow)
    std::vector<questions::View> question_upserts;
    std::vector<std::string> question_removals;
    std::vector<ambassador::Credential> ambassador_upserts;
    std::vector<std::string> ambassador_removals;
    std::string synced_at;                // "" : unchanged; else becomes feed_synced_at() (see there)
};

struct FeedPageApplied {
    // false: the stored cursor is no longer from_cursor (another connection, e.g. kioskctl, applied a page since
    // this one was asked for); nothing was changed and the page should be asked for again from the new cursor.
    bool applied = false;
    // Rows inserted, replaced by a different revision or text, or deleted, per section.
    std::int64_t items_changed = 0;
    std::int64_t questions_changed = 0;
    std::int64_t ambassadors_changed = 0;
};

// Whether this kiosk's own question events may have changed for the snapshot: one was appended, quarantined,
// requeued or pruned (their number and highest seq), or the feed's sync time moved (it decides which of them the
// feed reflects; a sent_at is written once).
struct OwnQuestionsMark {
    std::int64_t count = 0;
    std::int64_t last_seq = 0;
    std::string feed_synced_at;
    bool operator==(const OwnQuestionsMark&) const = default;
};

// What the content snapshot is built from (Store::snapshot_inputs), read in one transaction so that the outbox and
// the feed's cache agree with each other.
struct SnapshotInputs {
    std::string feed_cursor;
    std::string feed_synced_at;
    OwnQuestionsMark own_mark;
    // false: own_mark was the one the caller already knew, so own_question_events was not read and is empty.
    bool own_read = false;
    // This kiosk's question, question_vote and question_moderation events that await the feed: pending, or sent no
    // earlier than feed_synced_at (see awaits_feed in question_overlay.hpp); oldest first, at most the newest
    // Store::kMaxOwnQuestionEvents.
    std::vector<StoredEvent> own_question_events;
    // false: the feed cursor was the one the caller already knew, so the cache was not read and the lists are empty.
    bool cache_read = false;
    std::vector<content::Item> items;
    std::vector<questions::View> questions;
    std::vector<ambassador::Credential> ambassadors;
};

class Store {
public:
    static constexpr int kSchemaVersion = 4;  // see sync/store_schema.cpp
    // Own question events the content snapshot holds at most (the newest). More await the feed only after weeks
    // offline; the older ones show again once the feed brings them, and memory stays bounded meanwhile.
    static constexpr std::size_t kMaxOwnQuestionEvents = 2000;

    // Opens or creates the database, creating parent directories, and migrates it to kSchemaVersion.
    // Refuses (StoreError) a corrupt file, a read-only one, and one whose schema is newer than kSchemaVersion.
    // One Store is one connection: use it from one thread at a time (calls are serialised by a mutex).
    explicit Store(const std::string& path);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::string& path() const;

    // Durable on return (committed with synchronous=FULL). Throws StoreError; an id already stored is an error.
    void append(const Event& event);
    // Appends all events in one transaction (all or none); for imports, benchmarks and tests.
    void append_all(const std::vector<Event>& events);

    std::optional<StoredEvent> find(const std::string& id);

    // Oldest pending events first, at most max_events of them and (but at least one) at most max_bytes of payload.
    // Only events with seq > after_seq: the sync engine reads the next batch while earlier ones are on their way.
    std::vector<StoredEvent> pending_batch(std::size_t max_events, std::size_t max_bytes, std::int64_t after_seq = 0);

    // Marks events as delivered (stored or duplicate at the collector), in one transaction. This commit alone runs
    // with synchronous=NORMAL: in WAL mode a power cut can lose the mark but never corrupts the file, and a lost
    // mark only makes the event go again, which the collector answers "duplicate", so exactly-once holds without
    // an fsync per batch. Everything else on the connection (appending events above all) stays synchronous=FULL.
    void mark_sent(const std::vector<std::string>& ids, const std::string& sent_at);
    // The same by seq (StoredEvent::seq): a rowid lookup instead of an id index lookup, for the sync loop.
    void mark_sent_by_seq(const std::vector<std::int64_t>& seqs, const std::string& sent_at);

    // Keeps the event but stops sending it; the reason is shown to technicians.
    void quarantine(const std::string& id, const std::string& reason);

    std::vector<StoredEvent> quarantined(std::size_t limit);

    // Makes quarantined events pending again (all of them, or only `id`), for a technician who fixed the cause
    // (e.g. registered the kiosk's department at the collector). Returns how many were requeued.
    std::int64_t requeue_quarantined(const std::optional<std::string>& id = std::nullopt);

    OutboxCounts counts();

    // Deletes sent events confirmed before `cutoff` (RFC 3339 UTC). Never touches pending or quarantined ones.
    std::int64_t prune_sent_before(const std::string& cutoff);

    // Small key/value table for the sync engine and later features (last sync result, feed cursor, ...).
    void set_meta(const std::string& key, const std::string& value);
    std::optional<std::string> meta(const std::string& key);

    // ---- The content cache (what the collector publishes; see sync/feed_reader.hpp) ----

    // In one transaction, all or nothing: deletes the removals, writes the upserts (content::encode), sets
    // feed_cursor and feed_etag together. Removals are applied before upserts. Nothing is written when the stored
    // cursor is not page.from_cursor (see FeedPageApplied::applied). Throws StoreError, and content::ContentError
    // (before writing anything) for an upsert that content::validate refuses.
    FeedPageApplied apply_feed_page(const FeedPage& page);

    // Every cached item, decoded, oldest revision first. A row that no longer decodes (a kind or a field this
    // version of the kiosk does not accept, e.g. after a downgrade) is skipped and deleted, in the same transaction.
    std::vector<content::Item> content_items();

    // Where the next feed request starts ("" : from the beginning), and the ETag of the last complete reply ("": none).
    std::string feed_cursor();
    std::string feed_etag();

    // When the last feed poll that read the feed to its end (a 304 included) started, RFC 3339 UTC; "" : never.
    // Every event the collector confirmed before then is reflected in the cache: the collector stores an event
    // before it answers, and every change it makes to a question takes a new feed revision.
    std::string feed_synced_at();
    // Sets feed_synced_at() for a poll that ended with 304 (a 200 page carries it in FeedPage::synced_at). Never
    // moves it back: a later time already stored stays.
    void mark_feed_synced(const std::string& poll_started_at);

    // The cached questions and ambassador credentials, oldest revision first. As for content_items(), a row that no
    // longer decodes is skipped and deleted.
    std::vector<questions::View> cached_questions();
    std::vector<ambassador::Credential> cached_ambassadors();

    // The cursor, feed_synced_at, this kiosk's own question events unless their mark equals `known_own`, and the
    // whole cache (items, questions, credentials) unless the cursor equals `known_cursor`, all from one consistent
    // read. With both known and unchanged it costs a few index steps per own question event, however large the
    // cache: the sync engine asks after every committed event.
    SnapshotInputs snapshot_inputs(const std::optional<std::string>& known_cursor = std::nullopt,
                                   const std::optional<OwnQuestionsMark>& known_own = std::nullopt);

    // ---- Lockout counts (SecretWorker) ----

    // The stored count for `kind`; no row: no failures. A locked_until that does not parse (a damaged row) reads as
    // locked for ever (SystemTime::max()): the caller limits it to its longest lock.
    Lockout lockout(LockKind kind);
    // Durable on return (synchronous=FULL).
    void write_lockout(LockKind kind, const Lockout& lockout);

    // PRAGMA integrity_check returned "ok".
    bool integrity_ok();

    ConnectionSettings connection_settings();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync
