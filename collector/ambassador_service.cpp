// Ambassador rules: validate, derive the PIN's check value and MAC key once, refuse a PIN any active ambassador has.
#include "collector/ambassador_service.hpp"

#include "collector/registry.hpp"
#include "sync/shared/secret_bytes.hpp"

#include <map>
#include <tuple>
#include <utility>

namespace floorsync::collector {

namespace {

void require_valid_pin(std::string_view pin) {
    if (const auto why = ambassador::pin_problem(pin)) throw AmbassadorError("the PIN " + *why);
}

bool same_text(const std::string& a, const std::string& b) {
    return a.size() == b.size() &&
           equal_in_constant_time(reinterpret_cast<const std::uint8_t*>(a.data()),
                                  reinterpret_cast<const std::uint8_t*>(b.data()), a.size());
}

}  // namespace

AmbassadorService::AmbassadorService(AmbassadorTable& table, ambassador::KdfParams params, Clock clock)
    : table_(table), params_(params), clock_(std::move(clock)) {}

AmbassadorRecord AmbassadorService::add(const std::string& name, const std::string& department, std::string_view pin) {
    if (const auto why = ambassador::name_problem(name)) throw AmbassadorError("--name " + *why);
    if (!is_valid_department(department))
        throw AmbassadorError("--department must be a department name (1 to 100 characters, no control characters)");
    require_valid_pin(pin);
    const std::string salt = table_.department_salt(department);
    const ambassador::PinKey key = ambassador::derive_pin_key(pin, salt, params_);
    require_unique_pin(salt, key, pin, "");

    AmbassadorRecord record;
    record.id = new_uuid_v4();
    record.name = name;
    record.department = department;
    record.salt = salt;
    record.check = ambassador::check_value(key, record.id);
    record.mac_key = ambassador::mac_key_hex(ambassador::mac_key(key, record.id));
    record.params = params_;
    record.created_at = format_rfc3339_utc(clock_());
    record.revision = table_.insert(record);
    return record;
}

AmbassadorRecord AmbassadorService::reset_pin(const std::string& id, std::string_view pin) {
    auto record = table_.find(id);
    if (!record) throw AmbassadorError("no ambassador with id '" + id + "' (see: ambassador list)");
    if (!record->removed_at.empty()) throw AmbassadorError("ambassador '" + id + "' was removed; add them again instead");
    require_valid_pin(pin);
    const ambassador::PinKey key = ambassador::derive_pin_key(pin, record->salt, params_);
    require_unique_pin(record->salt, key, pin, id);
    record->check = ambassador::check_value(key, id);
    record->mac_key = ambassador::mac_key_hex(ambassador::mac_key(key, id));
    record->params = params_;
    const auto revision = table_.replace_keys(id, record->check, record->mac_key, params_);
    if (!revision) throw AmbassadorError("ambassador '" + id + "' was removed meanwhile");
    record->revision = *revision;
    return *record;
}

void AmbassadorService::remove(const std::string& id) {
    const auto record = table_.find(id);
    if (!record) throw AmbassadorError("no ambassador with id '" + id + "' (see: ambassador list)");
    if (!record->removed_at.empty()) throw AmbassadorError("ambassador '" + id + "' was already removed");
    if (!table_.remove(id, format_rfc3339_utc(clock_())))
        throw AmbassadorError("ambassador '" + id + "' was removed meanwhile");
}

std::vector<AmbassadorRecord> AmbassadorService::list() { return table_.list(); }

void AmbassadorService::require_unique_pin(const std::string& salt, const ambassador::PinKey& key,
                                           std::string_view pin, const std::string& except_id) {
    // Unique across all departments, not just this one: a kiosk serving two departments holds both departments'
    // credentials, so a PIN two of them share could unlock the wrong person's session. Each department has its own
    // salt and an ambassador may have been made with other Argon2id limits, so the PIN needs one run per distinct
    // (salt, limits) among the active ambassadors; `key` is the run for (salt, params_), already done.
    using Derivation = std::tuple<std::string, std::uint64_t, std::uint64_t>;
    std::map<Derivation, ambassador::PinKey> keys;
    keys.emplace(Derivation{salt, params_.opslimit, params_.memlimit}, key);
    for (const AmbassadorRecord& other : table_.list()) {
        if (!other.removed_at.empty() || other.id == except_id) continue;
        const Derivation derivation{other.salt, other.params.opslimit, other.params.memlimit};
        auto found = keys.find(derivation);
        if (found == keys.end())
            found = keys.emplace(derivation, ambassador::derive_pin_key(pin, other.salt, other.params)).first;
        if (same_text(ambassador::check_value(found->second, other.id), other.check))
            throw AmbassadorError("another active ambassador of '" + other.department +
                                  "' has this PIN; choose another (a PIN must name one person)");
    }
}

}  // namespace floorsync::collector
