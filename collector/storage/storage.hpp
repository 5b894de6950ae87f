// The collector's storage seam: what ingest, the kiosk registry, exports and copy-db need from a database.
// Two implementations: storage/sqlite (the embedded default) and storage/postgres (several collectors, one database).
#pragma once

#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/content_item.hpp"
#include "sync/shared/event.hpp"
#include "sync/shared/protocol.hpp"
#include "sync/shared/question_view.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::collector {

// Any failure of the database: cannot connect or open, disk full, connection lost, a migration that cannot run.
// what() names the backend, the step and the database's own message; never a password.
struct StorageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Who an accepted token belongs to.
struct KioskIdentity {
    std::string id;
    std::vector<std::string> departments;  // events may name one of these, or none ("prefer not to say")
};

struct KioskRecord {
    std::string id;
    std::vector<std::string> departments;  // sorted
    std::string token_hash;                // BLAKE2b of the token (see hash_token); never the token itself
    std::string created_at;                // RFC 3339 UTC
    std::string revoked_at;                // empty: active
    std::string last_seen;                 // empty: never
    std::string app_version;
    std::optional<std::int64_t> backlog;
    std::optional<std::int64_t> quarantined;  // as last reported (KioskReport::quarantined); nullopt: never reported
    std::string site;                      // where it stands (free text, `kiosk add --site`); empty: not set
};

// An event as the collector keeps it.
struct StoredEvent {
    Event event;
    std::string content_hash;  // see content_hash(): equal digests mean an identical resend
    std::string received_at;
};

// One kiosk's upload (or, with report == nullptr, just a sign of life) inside a shared transaction.
struct BatchWrite {
    const KioskIdentity* kiosk = nullptr;
    const KioskReport* report = nullptr;                // nullptr: only record last_seen (a feed poll)
    const std::vector<CheckedEvent>* events = nullptr;  // may be nullptr with report == nullptr
    std::optional<std::vector<EventResult>> results;    // set by write(); nullopt: the kiosk was revoked
};

// Ingest on one connection; one thread owns it (the GroupCommitter's writer thread).
class EventWriter {
public:
    virtual ~EventWriter() = default;
    // In ONE transaction, for each batch: records the kiosk's report (last seen, app version, backlog), unless the
    // kiosk was revoked meanwhile (then the batch writes nothing and keeps results == nullopt), and stores every
    // event without an error, setting batch.results to one result per event, in order. Dedupe is atomic by event id,
    // also against other collector processes on the same database: the first writer stores it; an identical resend
    // is `duplicate`; other content under the same id is `rejected` as a conflict and never overwrites.
    // `now` is RFC 3339 UTC. Throws StorageError when the transaction fails; then nothing at all was written.
    virtual void write(const std::vector<BatchWrite*>& batches, const std::string& now) = 0;
};

// Raw kiosk rows on one connection (not thread-safe). The rules (id format, departments, tokens) are KioskRegistry's.
class KioskTable {
public:
    enum class RevokeResult { revoked, unknown, already_revoked };
    virtual ~KioskTable() = default;
    // Inserts the kiosk with its departments in one transaction; false when the id exists.
    virtual bool insert(const KioskRecord& record) = 0;
    // Replaces the departments; nullopt when the id does not exist. In the same transaction, every published (not
    // withdrawn) content item the change makes visible or hidden for this kiosk (items_to_resend in
    // audience_change.hpp) is written again, content unchanged, under the next revisions of the content counter, in
    // its revision order: the kiosk's next incremental feed poll brings the items it now gets and tombstones for
    // those it loses, though its cursor was past them. So are the questions and ambassadors of the departments it
    // gains (those of departments it loses are not sent to it at all, so nothing is re-sent for them). Returns how
    // many rows were written again.
    virtual std::optional<std::size_t> replace_departments(const std::string& id,
                                                           const std::vector<std::string>& departments) = 0;
    // New token hash, and active again; false when the id does not exist.
    virtual bool set_token_hash(const std::string& id, const std::string& token_hash) = 0;
    // Where the kiosk stands (KioskRecord::site); false when the id does not exist.
    virtual bool set_site(const std::string& id, const std::string& site) = 0;
    virtual RevokeResult revoke(const std::string& id, const std::string& now) = 0;
    // Every kiosk with its departments, ordered by id.
    virtual std::vector<KioskRecord> list() = 0;
    // The active kiosk with this token hash, read from the database on every call (a revoke on any collector
    // process takes effect at once).
    virtual std::optional<KioskIdentity> find_active(const std::string& token_hash) = 0;
    // A cheap round trip to the database, for /healthz. Throws StorageError.
    virtual void check() = 0;
};

// Reads stored events in a stable order: created_at, then arrival. Not thread-safe.
class EventReader {
public:
    virtual ~EventReader() = default;
    // Calls `row` for each event of `type` (every type when empty).
    virtual void for_each(std::string_view type, const std::function<void(const StoredEvent&)>& row) = 0;
    virtual std::int64_t count(std::string_view type) = 0;
};

// A stored content item as the content table keeps it: the item, and whether it was withdrawn.
struct ContentRecord {
    content::Item item;     // item.revision: the change counter of its last write (add, edit or withdrawal)
    bool withdrawn = false;
    std::string withdrawn_at;  // RFC 3339 UTC, empty while published

    bool operator==(const ContentRecord&) const = default;
};

// An ambassador as the collector keeps it (see docs/AMBASSADORS.md). The MAC key never leaves the collector: the feed
// carries the credential (ambassador::Credential) made of the other fields.
struct AmbassadorRecord {
    std::string id;          // lower-case UUID v4
    std::string name;        // display name, signed under every answer
    std::string department;
    std::string salt;        // hex: the department's salt (read from department_salts; ignored when writing)
    std::string check;       // hex: ambassador::check_value of the PIN
    std::string mac_key;     // hex: ambassador::mac_key of the PIN
    ambassador::KdfParams params;
    std::string created_at;  // RFC 3339 UTC
    std::string removed_at;  // empty: active
    std::int64_t revision = 0;  // the content counter's value of its last change

    bool operator==(const AmbassadorRecord&) const = default;
};

// A question as the collector keeps it: what the feed sends (view, with its revision) and what only the collector and
// its exports know.
struct QuestionRecord {
    questions::View view;
    std::string event_id;         // the question event's id (it holds the millisecond it was made: never sent)
    std::string created_at;       // RFC 3339 UTC, when it was asked
    std::string answered_at;      // created_at of the action behind the current answer, "" without one
    std::string first_answer_at;  // created_at of the earliest answer of any kind, "" without one

    bool operator==(const QuestionRecord&) const = default;
};

// One ambassador action (a stored question_moderation event), kept for good: superseded answers too.
struct QuestionActionRecord {
    std::string event_id;
    std::string question;    // public question id
    std::string ambassador;  // id
    std::string by;          // the ambassador's display name when the action was stored
    std::string action;      // events::moderation_action
    std::string text;
    std::string created_at;
    std::string kiosk_id;

    bool operator==(const QuestionActionRecord&) const = default;
};

// One "I have this question too" (a stored question_vote event).
struct QuestionVoteRecord {
    std::string event_id;
    std::string question;

    bool operator==(const QuestionVoteRecord&) const = default;
};

// The ratings read model (schema v5), kept by ingest in the writer's transaction and derived from the stored events
// by the migration: one row per non-suspect rating's cell, so the dashboard never scans the events.
// A cell: how many ratings of one score one kiosk recorded for one department on one day.
struct RatingCount {
    std::string day;         // "2026-05-04": the rating's created_at as a date in the collector's local time zone (TZ)
                             // when it was stored
    std::string kiosk_id;
    std::string department;  // "" : "prefer not to say"
    int score = 0;           // 1..5
    std::int64_t count = 0;        // non-suspect ratings; suspect ones are never in these rows
    std::int64_t with_reasons = 0; // of those, how many have follow-up reasons (their latest rating_reasons names any)

    bool operator==(const RatingCount&) const = default;
};

// How many non-suspect ratings of a cell (day, kiosk, department) have `reason` among their current reasons.
struct ReasonCount {
    std::string day;
    std::string kiosk_id;
    std::string department;
    std::string reason;  // a reason key ("need_training")
    std::int64_t count = 0;

    bool operator==(const ReasonCount&) const = default;
};

// Suspect repeated taps (Rating::suspect) per kiosk: kept, never in the figures, counted separately.
struct SuspectCount {
    std::string kiosk_id;
    std::int64_t count = 0;
    std::string last_day;  // the latest day with one

    bool operator==(const SuspectCount&) const = default;
};

// The ratings read model on one connection (not thread-safe). Days are inclusive "YYYY-MM-DD" bounds.
class RatingTable {
public:
    virtual ~RatingTable() = default;
    // Every cell with a day in [from_day, to_day], ordered by day, kiosk, department, score.
    virtual std::vector<RatingCount> rating_counts(const std::string& from_day, const std::string& to_day) = 0;
    // Every reason cell with a day in [from_day, to_day], ordered by day, kiosk, department, reason.
    virtual std::vector<ReasonCount> reason_counts(const std::string& from_day, const std::string& to_day) = 0;
    // Per kiosk that has any, ordered by kiosk id: suspect taps with a day in [from_day, to_day].
    virtual std::vector<SuspectCount> suspect_counts(const std::string& from_day, const std::string& to_day) = 0;
    // The first and last day with any rating cell; nullopt when there is none.
    virtual std::optional<std::pair<std::string, std::string>> day_range() = 0;
    // The benchmark's baseline: one bare GROUP BY over the stored rating events themselves (not the read model),
    // counting non-suspect ratings per department and day in the range. Returns the number of result rows.
    virtual std::size_t bare_aggregate(const std::string& from_day, const std::string& to_day) = 0;
};

// A central-team account of the dashboard (docs/DASHBOARD.md). The password is kept only as libsodium's
// crypto_pwhash_str string (Argon2id, with its salt and limits).
struct UserRecord {
    std::string id;             // lower-case UUID v4
    std::string name;           // sign-in name, unique among active accounts (compared as typed)
    std::string password_hash;  // crypto_pwhash_str output
    std::string created_at;     // RFC 3339 UTC
    std::string removed_at;     // empty: active

    bool operator==(const UserRecord&) const = default;
};

// A signed-in browser. The cookie holds a random token; only its BLAKE2b hash (hash_token) is stored.
struct SessionRecord {
    std::string token_hash;
    std::string user_id;
    std::string csrf_token;   // random, hex; sent back with every form and state-changing request
    std::string created_at;   // RFC 3339 UTC: the absolute limit counts from here
    std::string last_used;    // RFC 3339 UTC: the inactivity limit counts from here

    bool operator==(const SessionRecord&) const = default;
};

// Failed sign-ins under one key ("user:NAME" or "address:ADDR"), for the growing delay.
struct ThrottleRecord {
    std::string key;
    std::int64_t failures = 0;
    std::string blocked_until;  // RFC 3339 UTC; empty: not blocked

    bool operator==(const ThrottleRecord&) const = default;
};

// Who acknowledged an alert, and when. Alerts are computed from the data; only acknowledgements are stored.
struct AlertAck {
    std::string alert_key;  // stable per alert: "drop:DEPT:2026-W47", "question:ID", "silent:KIOSK:LAST_SEEN"
    std::string by;         // the account's name at the time
    std::string at;         // RFC 3339 UTC

    bool operator==(const AlertAck&) const = default;
};

// Accounts, sessions, sign-in throttling and alert acknowledgements on one connection (not thread-safe). In the
// database, so several collectors on one PostgreSQL share them. The rules are AccountService's.
class AccountTable {
public:
    virtual ~AccountTable() = default;
    // false when an active account has this name (nothing written).
    virtual bool insert_user(const UserRecord& user) = 0;
    virtual std::optional<UserRecord> find_user(const std::string& id) = 0;
    virtual std::optional<UserRecord> find_active_user_by_name(const std::string& name) = 0;
    // Every account, removed ones too, by name then creation.
    virtual std::vector<UserRecord> list_users() = 0;
    // New hash and every session of the account ended, in one transaction; false when unknown or removed.
    virtual bool set_password_hash(const std::string& id, const std::string& password_hash) = 0;
    // Removed and every session of the account ended, in one transaction; false when unknown or already removed.
    virtual bool remove_user(const std::string& id, const std::string& now) = 0;

    virtual void insert_session(const SessionRecord& session) = 0;
    virtual std::optional<SessionRecord> find_session(const std::string& token_hash) = 0;
    virtual void touch_session(const std::string& token_hash, const std::string& now) = 0;
    virtual void delete_session(const std::string& token_hash) = 0;
    // Deletes sessions last used before `idle_before` or created before `created_before`; returns how many.
    virtual std::size_t delete_expired_sessions(const std::string& idle_before, const std::string& created_before) = 0;

    virtual std::optional<ThrottleRecord> find_throttle(const std::string& key) = 0;
    virtual void put_throttle(const ThrottleRecord& record) = 0;  // insert or replace
    virtual void clear_throttle(const std::string& key) = 0;

    // false when it was acknowledged already (the first acknowledgement is kept).
    virtual bool acknowledge(const AlertAck& ack) = 0;
    virtual std::vector<AlertAck> acknowledgements() = 0;  // by time
};

// copy-db's target side: one transaction; nothing is visible before commit(); destroyed without commit() it rolls
// back. Conflicts are reported, never overwritten.
class ImportSession {
public:
    enum class Outcome { added, identical, conflict };
    virtual ~ImportSession() = default;
    virtual Outcome add_kiosk(const KioskRecord& record) = 0;
    // Ratings and their reasons also update the ratings read model (RatingTable), as ingest does.
    virtual std::vector<Outcome> add_events(const std::vector<StoredEvent>& events) = 0;
    // Adds a content item with its revision, withdrawn state and withdrawal time as they are (no new revision).
    // identical: this id holds the same record; conflict: this id holds another one, or another item holds this
    // revision.
    virtual Outcome add_content(const ContentRecord& record) = 0;
    // The content counter becomes `revision` unless it is higher already (it is never lowered).
    virtual void raise_content_head(std::int64_t revision) = 0;
    // The rows of questions and ambassadors as they are (revisions kept). identical: the same row is there;
    // conflict: another row holds this id (a salt: this department), or (questions, ambassadors) this revision.
    virtual Outcome add_department_salt(const std::string& department, const std::string& salt) = 0;
    virtual Outcome add_ambassador(const AmbassadorRecord& record) = 0;  // record.salt is not written
    virtual Outcome add_question(const QuestionRecord& record) = 0;
    virtual Outcome add_question_action(const QuestionActionRecord& record) = 0;
    virtual Outcome add_question_vote(const QuestionVoteRecord& record) = 0;
    // A dashboard account as it is (sessions, throttling and acknowledgements are not copied). identical: the same
    // row is there; conflict: another row holds this id, or an active account this name.
    virtual Outcome add_user(const UserRecord& record) = 0;
    virtual void commit() = 0;
};

// Content items on one connection (not thread-safe). The rules (validation, ids, times) are ContentService's.
// Every write takes the next value of ONE counter shared by all collector processes on the database (a row updated
// in the same transaction), so revisions are unique and increase in commit order: the feed's cursor.
class ContentTable {
public:
    virtual ~ContentTable() = default;
    // Stores a new item under the next revision; returns that revision. A duplicate id throws StorageError, an item
    // content::validate refuses throws content::ContentError; either way nothing is written and no revision is used.
    virtual std::int64_t insert(const content::Item& item) = 0;
    // Replaces the item with this id (not withdrawn) under the next revision; nullopt when unknown or withdrawn.
    virtual std::optional<std::int64_t> replace(const content::Item& item) = 0;
    // Marks it withdrawn under the next revision; nullopt when unknown or already withdrawn.
    virtual std::optional<std::int64_t> withdraw(const std::string& id, const std::string& now) = 0;
    virtual std::optional<ContentRecord> find(const std::string& id) = 0;
    // Every item, withdrawn ones too, in revision order.
    virtual std::vector<ContentRecord> list() = 0;
    // Items written after `revision`, in revision order, at most `limit` of them: the feed's page.
    virtual std::vector<ContentRecord> changed_since(std::int64_t revision, std::size_t limit) = 0;
    // The latest revision (0 when nothing was ever published): one indexed read, for the feed's "nothing new" check.
    virtual std::int64_t head_revision() = 0;
    // How many "I'll be there" events (training_interest) name each session id (each event counts once).
    virtual std::map<std::string, std::int64_t> interest_counts() = 0;
};

// Ambassadors and the departments' salts on one connection (not thread-safe). The rules (names, PINs, ids) are
// AmbassadorService's. Every change takes the next value of the content counter (ContentTable), so the feed's one
// cursor covers credentials too.
class AmbassadorTable {
public:
    virtual ~AmbassadorTable() = default;
    // The department's salt: made (ambassador::new_salt_hex) and stored the first time it is asked for, then kept for
    // good, also when every ambassador of the department is removed.
    virtual std::string department_salt(const std::string& department) = 0;
    // Stores a new ambassador under the next revision; returns that revision. A duplicate id throws StorageError.
    virtual std::int64_t insert(const AmbassadorRecord& record) = 0;
    // New check value, MAC key and limits (a new PIN) under the next revision; nullopt when unknown or removed.
    virtual std::optional<std::int64_t> replace_keys(const std::string& id, const std::string& check,
                                                     const std::string& mac_key, const ambassador::KdfParams& params) = 0;
    // Marks it removed under the next revision; nullopt when unknown or already removed.
    virtual std::optional<std::int64_t> remove(const std::string& id, const std::string& now) = 0;
    virtual std::optional<AmbassadorRecord> find(const std::string& id) = 0;
    // Every ambassador, removed ones too, by department, then creation.
    virtual std::vector<AmbassadorRecord> list() = 0;
    // The feed's page: ambassadors of `departments` whose last change has a revision in (since, until], in revision
    // order, at most `limit`.
    virtual std::vector<AmbassadorRecord> changed_since(std::int64_t since, std::int64_t until,
                                                        const std::vector<std::string>& departments,
                                                        std::size_t limit) = 0;
};

// Questions, ambassadors' actions and votes as ingest derived them (see question_effects.hpp), on one connection
// (not thread-safe). Only the EventWriter's transaction and add_central_action change them.
class QuestionTable {
public:
    virtual ~QuestionTable() = default;
    // In one transaction: keeps a central team action (apply_central_action in question_effects.hpp) and refolds its
    // question under the next revision, so the kiosks that get the question see the change at their next feed poll.
    // Returns the question row as committed; nullopt, and nothing written, when `action.question` does not exist.
    virtual std::optional<QuestionRecord> add_central_action(const QuestionActionRecord& action) = 0;
    virtual std::optional<QuestionRecord> find(const std::string& public_id) = 0;
    // Every question, by created_at then event id.
    virtual std::vector<QuestionRecord> list() = 0;
    // Every action, by created_at then event id; every vote, by event id.
    virtual std::vector<QuestionActionRecord> actions() = 0;
    virtual std::vector<QuestionVoteRecord> votes() = 0;
    // The feed's page: questions of `departments` and organisation-wide ones (department "") whose last change has a
    // revision in (since, until], in revision order, at most `limit`.
    virtual std::vector<QuestionRecord> changed_since(std::int64_t since, std::int64_t until,
                                                      const std::vector<std::string>& departments,
                                                      std::size_t limit) = 0;
};

// A database the collector can run on. Opening it creates and migrates the schema (versioned migrations; a newer
// schema is refused). Each open_* call makes a new connection for one thread.
class Storage {
public:
    virtual ~Storage() = default;
    virtual std::string describe() const = 0;  // "SQLite /var/lib/floor/collector.db", "PostgreSQL 10.0.0.5:5432/floor"
    virtual std::unique_ptr<EventWriter> open_writer() = 0;
    // How many writers may usefully run transactions at once: 1 for SQLite (one writer at a time), more where the
    // database runs concurrent inserts on several cores (PostgreSQL).
    virtual std::size_t writer_connections() const = 0;
    virtual std::unique_ptr<KioskTable> open_kiosks() = 0;
    virtual std::unique_ptr<EventReader> open_reader() = 0;
    virtual std::unique_ptr<ImportSession> begin_import() = 0;
    virtual std::unique_ptr<ContentTable> open_content() = 0;
    virtual std::unique_ptr<AmbassadorTable> open_ambassadors() = 0;
    virtual std::unique_ptr<QuestionTable> open_questions() = 0;
    virtual std::unique_ptr<RatingTable> open_ratings() = 0;
    virtual std::unique_ptr<AccountTable> open_accounts() = 0;
};

// "postgresql://user@host:port/db", "postgres://..." or a libpq "key=value" string: PostgreSQL; anything else is
// the path of a SQLite file (created with its parent directories). Throws StorageError.
std::unique_ptr<Storage> open_storage(const std::string& db);

// A short hex digest of everything an event says, except its id: equal digests mean an identical resend.
std::string content_hash(const Event& event);

}  // namespace floorsync::collector
