// Kiosk registry on the collector database: add, rotate, revoke and list kiosks; authenticate bearer tokens.
#include "collector/registry.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/text_rules.hpp"

#include <sodium.h>

#include <algorithm>
#include <set>

namespace floorsync::collector {

namespace {

std::string new_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof bytes);
    return text;
}

}  // namespace

std::string hash_token(std::string_view token) {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool is_valid_kiosk_id(std::string_view id) { return text_rules::is_kiosk_id(id); }

bool is_valid_department(std::string_view department) {
    return !text_rules::violation(department, text_rules::department).has_value();
}

struct KioskRegistry::Impl {
    explicit Impl(sqlite::Database& database)
        : db(database),
          find_by_token(db, "SELECT id FROM kiosks WHERE token_hash = ?1 AND revoked_at IS NULL"),
          departments_of(db, "SELECT department FROM kiosk_departments WHERE kiosk_id = ?1 ORDER BY department") {}

    sqlite::Database& db;
    sqlite::Statement find_by_token;
    sqlite::Statement departments_of;

    bool exists(const std::string& id) {
        sqlite::Statement query(db, "SELECT 1 FROM kiosks WHERE id = ?1");
        query.bind(1, id);
        return query.step();
    }

    void insert_departments(const std::string& id, const std::vector<std::string>& departments) {
        sqlite::Statement insert(db, "INSERT OR IGNORE INTO kiosk_departments(kiosk_id, department) VALUES(?1, ?2)");
        for (const auto& department : departments) {
            insert.bind(1, id).bind(2, department).run();
            insert.reset();
        }
    }

    std::vector<std::string> departments(const std::string& id) {
        std::vector<std::string> result;
        departments_of.reset();
        departments_of.bind(1, id);
        while (departments_of.step()) result.push_back(departments_of.column_text(0));
        departments_of.reset();
        return result;
    }
};

namespace {

void check_departments(const std::vector<std::string>& departments) {
    if (departments.empty()) throw RegistryError("a kiosk needs at least one --department");
    for (const auto& department : departments) {
        if (const auto why = text_rules::violation(department, text_rules::department))
            throw RegistryError("invalid department '" + department + "': " + *why);
    }
}

}  // namespace

KioskRegistry::KioskRegistry(sqlite::Database& db) {
    if (sodium_init() < 0) throw RegistryError("libsodium failed to initialise");
    impl_ = std::make_unique<Impl>(db);
}

KioskRegistry::~KioskRegistry() = default;

std::string KioskRegistry::add(const std::string& id, const std::vector<std::string>& departments) {
    if (!is_valid_kiosk_id(id)) throw RegistryError("invalid kiosk id '" + id + "': use 1..64 characters of A-Z a-z 0-9 . _ -");
    check_departments(departments);
    sqlite::Transaction transaction(impl_->db);
    if (impl_->exists(id)) throw RegistryError("kiosk '" + id + "' already exists (use `kiosk rotate` for a new token)");
    const std::string token = new_token();
    sqlite::Statement insert(impl_->db, "INSERT INTO kiosks(id, token_hash, created_at) VALUES(?1, ?2, ?3)");
    insert.bind(1, id).bind(2, hash_token(token)).bind(3, utc_now_rfc3339()).run();
    impl_->insert_departments(id, departments);
    transaction.commit();
    return token;
}

void KioskRegistry::set_departments(const std::string& id, const std::vector<std::string>& departments) {
    check_departments(departments);
    sqlite::Transaction transaction(impl_->db);
    if (!impl_->exists(id)) throw RegistryError("no kiosk with id '" + id + "'");
    sqlite::Statement remove(impl_->db, "DELETE FROM kiosk_departments WHERE kiosk_id = ?1");
    remove.bind(1, id).run();
    impl_->insert_departments(id, departments);
    transaction.commit();
}

std::string KioskRegistry::rotate(const std::string& id) {
    sqlite::Transaction transaction(impl_->db);
    if (!impl_->exists(id)) throw RegistryError("no kiosk with id '" + id + "'");
    const std::string token = new_token();
    sqlite::Statement update(impl_->db, "UPDATE kiosks SET token_hash = ?2, revoked_at = NULL WHERE id = ?1");
    update.bind(1, id).bind(2, hash_token(token)).run();
    transaction.commit();
    return token;
}

void KioskRegistry::revoke(const std::string& id) {
    sqlite::Transaction transaction(impl_->db);
    if (!impl_->exists(id)) throw RegistryError("no kiosk with id '" + id + "'");
    sqlite::Statement update(impl_->db, "UPDATE kiosks SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    if (update.bind(1, id).bind(2, utc_now_rfc3339()).run() == 0) throw RegistryError("kiosk '" + id + "' is already revoked");
    transaction.commit();
}

std::vector<KioskRecord> KioskRegistry::list() {
    std::vector<KioskRecord> records;
    sqlite::Statement query(impl_->db,
                            "SELECT id, created_at, revoked_at, last_seen, app_version, backlog FROM kiosks ORDER BY id");
    while (query.step()) {
        KioskRecord record;
        record.id = query.column_text(0);
        record.created_at = query.column_text(1);
        record.revoked_at = query.column_text(2);
        record.last_seen = query.column_text(3);
        record.app_version = query.column_text(4);
        if (!query.column_is_null(5)) record.backlog = query.column_int64(5);
        records.push_back(std::move(record));
    }
    for (auto& record : records) record.departments = impl_->departments(record.id);
    return records;
}

std::optional<KioskIdentity> KioskRegistry::authenticate(std::string_view token) {
    if (token.empty() || token.size() > 256) return std::nullopt;
    auto& query = impl_->find_by_token;
    query.reset();
    query.bind(1, hash_token(token));
    std::optional<KioskIdentity> identity;
    if (query.step()) identity = KioskIdentity{query.column_text(0), {}};
    query.reset();
    if (identity) identity->departments = impl_->departments(identity->id);
    return identity;
}

}  // namespace floorsync::collector
