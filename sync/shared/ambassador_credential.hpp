// Ambassador PINs and proofs: the Argon2id key a PIN derives, what a kiosk compares, and the MAC on every action.
//
// One Argon2id derivation (about 70 ms, 64 MiB) of PIN + department salt gives 64 bytes. From them, per ambassador:
// a check value (kiosks compare it to say "this PIN is ambassador X's") and a MAC key (signs X's actions; only the
// collector keeps it). Kiosks get credentials, never MAC keys; nothing anywhere holds the PIN itself.
// See docs/AMBASSADORS.md for the threat model.
#pragma once

#include "sync/shared/secret_bytes.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::ambassador {

inline constexpr std::size_t pin_min_digits = 6;
inline constexpr std::size_t pin_max_digits = 12;
inline constexpr std::size_t salt_bytes = 16;

// nullopt for 6..12 ASCII digits; otherwise why not ("must be 6 to 12 digits").
std::optional<std::string> pin_problem(std::string_view pin);

// Argon2id13 cost. Kiosks use what each credential says, so the collector can raise it later.
struct KdfParams {
    std::uint64_t opslimit = 0;
    std::uint64_t memlimit = 0;  // bytes
    bool operator==(const KdfParams&) const = default;
};
KdfParams interactive_params();  // crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE

std::string new_salt_hex();  // 16 random bytes

using PinKey = SecretBytes<64>;
using MacKey = SecretBytes<32>;

// The slow step (Argon2id). Throws std::runtime_error when the salt is not 32 hex digits or memory is short.
PinKey derive_pin_key(std::string_view pin, std::string_view salt_hex, const KdfParams& params);
// 32 hex digits; a kiosk compares it in constant time with its credentials' check values.
std::string check_value(const PinKey& key, std::string_view ambassador_id);
MacKey mac_key(const PinKey& key, std::string_view ambassador_id);
std::string mac_key_hex(const MacKey& key);
std::optional<MacKey> mac_key_from_hex(std::string_view hex);

// What the feed carries to the kiosks of the ambassador's department (JSON object, see sync/PROTOCOL.md 5.4).
struct Credential {
    std::string id;          // lower-case UUID
    std::string name;        // display name, signed under every answer
    std::string department;
    std::string salt;        // hex, the department's salt
    std::string check;       // hex, check_value()
    KdfParams params;
    std::int64_t revision = 0;
    bool operator==(const Credential&) const = default;
};

struct CredentialError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string encode(const Credential& credential);
Credential decode_credential(std::string_view json);  // throws CredentialError

// Ambassador display names: 1..80 characters under the department text rule.
std::optional<std::string> name_problem(std::string_view name);

// What an action's MAC covers: everything the collector acts on, and the kiosk it was entered on.
struct ProofFields {
    std::string kiosk_id;
    std::string event_id;
    std::string created_at;
    std::string question;
    std::string action;
    std::string text;
    std::string ambassador;
};
std::string sign(const MacKey& key, const ProofFields& fields);  // 64 hex digits (HMAC-SHA-256)
bool verify(const MacKey& key, const ProofFields& fields, std::string_view proof_hex);

}  // namespace floorsync::ambassador
