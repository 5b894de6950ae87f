// The kiosk registry: which kiosks may upload, for which departments, where they stand, with tokens stored only as
// hashes.
#pragma once

#include "collector/storage/storage.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::collector {

// A registry command that cannot be done as asked (unknown id, duplicate id, bad department...).
struct RegistryError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Tokens are 32 random bytes in base64url (43 characters); the registry keeps only their BLAKE2b digest, which is
// enough for high-entropy secrets and costs microseconds per request (a password hash would cost ~70 ms).
std::string hash_token(std::string_view token);

bool is_valid_kiosk_id(std::string_view id);
bool is_valid_department(std::string_view department);

// A kiosk's site as it is stored: `site` without leading and trailing spaces and tabs, which must then be 1..100
// characters under the department text rules. Throws RegistryError saying why not.
std::string checked_site(std::string_view site);

// The rules for kiosks (ids, departments, tokens) over a KioskTable of any backend. Not thread-safe, like the table.
class KioskRegistry {
public:
    explicit KioskRegistry(KioskTable& table);
    ~KioskRegistry();
    KioskRegistry(const KioskRegistry&) = delete;
    KioskRegistry& operator=(const KioskRegistry&) = delete;

    // Registers a kiosk and returns its new token (shown once; only its hash is kept). `site`: where it stands
    // (checked_site); nullopt: not set yet.
    std::string add(const std::string& id, const std::vector<std::string>& departments,
                    const std::optional<std::string>& site = std::nullopt);
    // Where the kiosk stands (checked_site), for the dashboard's figures per site; returns the site as stored.
    std::string set_site(const std::string& id, const std::string& site);
    // Issues a new token for an existing kiosk (lost token); the old one stops working. Also re-activates it.
    std::string rotate(const std::string& id);
    // Replaces the departments the kiosk may send events for (takes effect with its next upload); stored events
    // keep the department they were stored with. The feed follows in the same transaction: the published items
    // this makes visible or hidden for the kiosk are written again under new revisions, so its next poll brings
    // them, or their tombstones (KioskTable::replace_departments). Returns how many items that is.
    std::size_t set_departments(const std::string& id, const std::vector<std::string>& departments);
    // The kiosk's token stops working at once (401); its events stay.
    void revoke(const std::string& id);
    std::vector<KioskRecord> list();

    // nullopt for an unknown or revoked token.
    std::optional<KioskIdentity> authenticate(std::string_view token);

private:
    KioskTable& table_;
};

}  // namespace floorsync::collector
