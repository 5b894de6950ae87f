// The lockout counts of wrong PINs and pickup codes in the kiosk's database (table lockouts), so they survive a
// restart of the app.
#include "sync/store.hpp"

#include "sync/store_impl.hpp"

#include <algorithm>

namespace floorsync {
namespace {

const char* kind_name(LockKind kind) { return kind == LockKind::pin ? "pin" : "pickup"; }

}  // namespace

Lockout Store::lockout(LockKind kind) {
    std::lock_guard lock(impl_->mutex);
    Lockout stored;
    try {
        sqlite::Statement query(impl_->db, "SELECT failures, locked_until FROM lockouts WHERE kind = ?1");
        query.bind(1, kind_name(kind));
        if (!query.step()) return stored;
        stored.failures = static_cast<int>(std::min<std::int64_t>(query.column_int64(0), 1'000'000));
        if (!query.column_is_null(1)) {
            const auto until = parse_rfc3339(query.column_text(1));
            stored.locked_until = until ? *until : SystemTime::max();
        }
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail(std::string("read the ") + kind_name(kind) + " lockout", failure);
    }
    return stored;
}

void Store::write_lockout(LockKind kind, const Lockout& lockout) {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Statement upsert(impl_->db,
            "INSERT INTO lockouts (kind, failures, locked_until) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (kind) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until");
        upsert.bind(1, kind_name(kind)).bind(2, lockout.failures);
        if (lockout.locked_until) {
            upsert.bind(3, format_rfc3339_utc(*lockout.locked_until));
        } else {
            upsert.bind_null(3);
        }
        upsert.run();
    } catch (const sqlite::SqliteError& failure) {
        impl_->fail(std::string("record the ") + kind_name(kind) + " lockout", failure);
    }
}

}  // namespace floorsync
