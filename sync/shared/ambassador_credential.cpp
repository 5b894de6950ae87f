// Argon2id PIN keys, check values, MAC keys and action proofs for ambassadors, and the credential's JSON form.
#include "sync/shared/ambassador_credential.hpp"

#include "sync/shared/clock.hpp"
#include "sync/shared/sodium_support.hpp"
#include "sync/shared/text_rules.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>

namespace floorsync::ambassador {

namespace {

using nlohmann::json;

std::string_view half(const PinKey& key, std::size_t index) {
    return {reinterpret_cast<const char*>(key.data()) + 32 * index, 32};
}

}  // namespace

std::optional<std::string> pin_problem(std::string_view pin) {
    const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < pin_min_digits || pin.size() > pin_max_digits)
        return "must be " + std::to_string(pin_min_digits) + " to " + std::to_string(pin_max_digits) + " digits";
    return std::nullopt;
}

KdfParams interactive_params() { return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }

std::string new_salt_hex() {
    crypto::ensure_sodium();
    std::uint8_t salt[salt_bytes];
    randombytes_buf(salt, sizeof salt);
    return crypto::to_hex(salt, sizeof salt);
}

PinKey derive_pin_key(std::string_view pin, std::string_view salt_hex, const KdfParams& params) {
    crypto::ensure_sodium();
    const auto salt = crypto::from_hex(salt_hex, salt_bytes);
    if (!salt) throw std::runtime_error("ambassador salt is not " + std::to_string(salt_bytes * 2) + " hex digits");
    PinKey key;
    if (crypto_pwhash(key.data(), key.size(), pin.data(), pin.size(), salt->data(), params.opslimit,
                      static_cast<std::size_t>(params.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("Argon2id failed (out of memory?)");
    return key;
}

std::string check_value(const PinKey& key, std::string_view ambassador_id) {
    const auto digest = crypto::hash_parts({"floor-ambassador-check-v1", half(key, 0), ambassador_id}, 16);
    return crypto::to_hex(digest.data(), digest.size());
}

MacKey mac_key(const PinKey& key, std::string_view ambassador_id) {
    auto digest = crypto::hash_parts({"floor-ambassador-mac-v1", half(key, 1), ambassador_id}, 32);
    MacKey mac;
    std::copy(digest.begin(), digest.end(), mac.data());
    wipe_memory(digest.data(), digest.size());
    return mac;
}

std::string mac_key_hex(const MacKey& key) { return crypto::to_hex(key.data(), key.size()); }

std::optional<MacKey> mac_key_from_hex(std::string_view hex) {
    auto bytes = crypto::from_hex(hex, MacKey::size());
    if (!bytes) return std::nullopt;
    MacKey key;
    std::copy(bytes->begin(), bytes->end(), key.data());
    wipe_memory(bytes->data(), bytes->size());
    return key;
}

std::optional<std::string> name_problem(std::string_view name) {
    if (const auto why = text_rules::violation(name, text_rules::Rule{80, false})) return why;
    return std::nullopt;
}

std::string encode(const Credential& c) {
    return json{{"id", c.id},         {"name", c.name},       {"department", c.department},
                {"salt", c.salt},     {"check", c.check},     {"opslimit", c.params.opslimit},
                {"memlimit", c.params.memlimit}, {"revision", c.revision}}
        .dump();
}

Credential decode_credential(std::string_view text) {
    json value;
    try {
        value = json::parse(text.begin(), text.end());
    } catch (const json::parse_error&) {
        throw CredentialError("ambassador credential is not valid JSON");
    }
    if (!value.is_object()) throw CredentialError("ambassador credential must be a JSON object");
    auto text_field = [&](const char* key) {
        const auto found = value.find(key);
        if (found == value.end() || !found->is_string())
            throw CredentialError(std::string("ambassador credential: field '") + key + "' must be a string");
        return found->get<std::string>();
    };
    auto number_field = [&](const char* key) {
        const auto found = value.find(key);
        if (found == value.end() || !found->is_number_unsigned())
            throw CredentialError(std::string("ambassador credential: field '") + key + "' must be a number");
        return found->get<std::uint64_t>();
    };
    Credential c;
    c.id = text_field("id");
    c.name = text_field("name");
    c.department = text_field("department");
    c.salt = text_field("salt");
    c.check = text_field("check");
    c.params = {number_field("opslimit"), number_field("memlimit")};
    c.revision = static_cast<std::int64_t>(number_field("revision"));
    if (!is_uuid(c.id)) throw CredentialError("ambassador credential: field 'id' must be a UUID");
    if (const auto why = name_problem(c.name)) throw CredentialError("ambassador credential: field 'name' " + *why);
    if (const auto why = text_rules::violation(c.department, text_rules::department))
        throw CredentialError("ambassador credential: field 'department' " + *why);
    if (!crypto::is_lower_hex(c.salt, salt_bytes)) throw CredentialError("ambassador credential: bad 'salt'");
    if (!crypto::is_lower_hex(c.check, 16)) throw CredentialError("ambassador credential: bad 'check'");
    // Bounds a kiosk can afford: refuse a credential that would make one check take minutes or all memory.
    if (c.params.opslimit < crypto_pwhash_OPSLIMIT_MIN || c.params.opslimit > 16 ||
        c.params.memlimit < crypto_pwhash_MEMLIMIT_MIN || c.params.memlimit > 512ull * 1024 * 1024)
        throw CredentialError("ambassador credential: Argon2id limits out of range");
    return c;
}

namespace {

std::vector<std::uint8_t> proof_message(const ProofFields& f) {
    // Length-prefixed parts: no two different field lists give the same message.
    return crypto::hash_parts({"floor-moderation-v1", f.kiosk_id, f.event_id, f.created_at, f.question, f.action,
                               f.text, f.ambassador},
                              64);
}

}  // namespace

std::string sign(const MacKey& key, const ProofFields& fields) {
    crypto::ensure_sodium();
    const auto message = proof_message(fields);
    std::uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, message.data(), message.size(), key.data());
    return crypto::to_hex(mac, sizeof mac);
}

bool verify(const MacKey& key, const ProofFields& fields, std::string_view proof_hex) {
    crypto::ensure_sodium();
    const auto proof = crypto::from_hex(proof_hex, crypto_auth_hmacsha256_BYTES);
    if (!proof) return false;
    const auto message = proof_message(fields);
    return crypto_auth_hmacsha256_verify(proof->data(), message.data(), message.size(), key.data()) == 0;
}

}  // namespace floorsync::ambassador
