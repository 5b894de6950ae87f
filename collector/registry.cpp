// Kiosk registry rules: add, rotate, revoke, site and list kiosks; authenticate bearer tokens by their hash.
#include "collector/registry.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/text_rules.hpp"

#include <sodium.h>

#include <algorithm>

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

std::vector<std::string> checked_departments(std::vector<std::string> departments) {
    if (departments.empty()) throw RegistryError("a kiosk needs at least one --department");
    for (const auto& department : departments) {
        if (const auto why = text_rules::violation(department, text_rules::department))
            throw RegistryError("invalid department '" + department + "': " + *why);
    }
    std::sort(departments.begin(), departments.end());
    departments.erase(std::unique(departments.begin(), departments.end()), departments.end());
    return departments;
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

std::string checked_site(std::string_view site) {
    const auto first = site.find_first_not_of(" \t");
    const std::string trimmed = first == std::string_view::npos
                                    ? std::string()
                                    : std::string(site.substr(first, site.find_last_not_of(" \t") - first + 1));
    if (const auto why = text_rules::violation(trimmed, text_rules::department))
        throw RegistryError("invalid site '" + std::string(site) + "': " + *why);
    return trimmed;
}

KioskRegistry::KioskRegistry(KioskTable& table) : table_(table) {
    if (sodium_init() < 0) throw RegistryError("libsodium failed to initialise");
}

KioskRegistry::~KioskRegistry() = default;

std::string KioskRegistry::add(const std::string& id, const std::vector<std::string>& departments,
                               const std::optional<std::string>& site) {
    if (!is_valid_kiosk_id(id)) throw RegistryError("invalid kiosk id '" + id + "': use 1..64 characters of A-Z a-z 0-9 . _ -");
    KioskRecord record;
    record.id = id;
    record.departments = checked_departments(departments);
    if (site) record.site = checked_site(*site);
    const std::string token = new_token();
    record.token_hash = hash_token(token);
    record.created_at = utc_now_rfc3339();
    if (!table_.insert(record)) throw RegistryError("kiosk '" + id + "' already exists (use `kiosk rotate` for a new token)");
    return token;
}

std::size_t KioskRegistry::set_departments(const std::string& id, const std::vector<std::string>& departments) {
    const auto resent = table_.replace_departments(id, checked_departments(departments));
    if (!resent) throw RegistryError("no kiosk with id '" + id + "'");
    return *resent;
}

std::string KioskRegistry::set_site(const std::string& id, const std::string& site) {
    std::string stored = checked_site(site);
    if (!table_.set_site(id, stored)) throw RegistryError("no kiosk with id '" + id + "'");
    return stored;
}

std::string KioskRegistry::rotate(const std::string& id) {
    const std::string token = new_token();
    if (!table_.set_token_hash(id, hash_token(token))) throw RegistryError("no kiosk with id '" + id + "'");
    return token;
}

void KioskRegistry::revoke(const std::string& id) {
    switch (table_.revoke(id, utc_now_rfc3339())) {
        case KioskTable::RevokeResult::revoked: return;
        case KioskTable::RevokeResult::unknown: throw RegistryError("no kiosk with id '" + id + "'");
        case KioskTable::RevokeResult::already_revoked: throw RegistryError("kiosk '" + id + "' is already revoked");
    }
}

std::vector<KioskRecord> KioskRegistry::list() { return table_.list(); }

std::optional<KioskIdentity> KioskRegistry::authenticate(std::string_view token) {
    if (token.empty() || token.size() > 256) return std::nullopt;
    return table_.find_active(hash_token(token));
}

}  // namespace floorsync::collector
