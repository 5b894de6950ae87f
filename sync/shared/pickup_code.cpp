// Pickup codes: random generation, normalising typed input, Argon2id derivation, sealing and opening private answers.
#include "sync/shared/pickup_code.hpp"

#include "sync/shared/sodium_support.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace floorsync::pickup {

namespace {

// Fixed on purpose: the id must be the same on every kiosk and at the collector. Codes are random, so a shared salt
// gives an attacker nothing to precompute that is smaller than trying all 2^40 codes at 70 ms each.
constexpr unsigned char kSalt[crypto_pwhash_SALTBYTES] = {'f', 'l', 'o', 'o', 'r', '-', 'p', 'i',
                                                          'c', 'k', 'u', 'p', '-', 'v', '1', '!'};

}  // namespace

std::string new_code() {
    crypto::ensure_sodium();
    std::string code;
    for (std::size_t i = 0; i < code_symbols; ++i) code.push_back(alphabet[randombytes_uniform(alphabet.size())]);
    return code;
}

std::string format(std::string_view normalised) {
    std::string shown(normalised.substr(0, 4));
    if (normalised.size() > 4) shown += "-" + std::string(normalised.substr(4));
    return shown;
}

std::optional<std::string> normalise(std::string_view typed) {
    std::string code;
    for (char c : typed) {
        if (c == ' ' || c == '-') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (alphabet.find(c) == std::string_view::npos) return std::nullopt;
        code.push_back(c);
    }
    if (code.size() != code_symbols) return std::nullopt;
    return code;
}

Keys derive(std::string_view normalised) {
    crypto::ensure_sodium();
    SecretBytes<32> seed;
    if (crypto_pwhash(seed.data(), seed.size(), normalised.data(), normalised.size(), kSalt,
                      crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("Argon2id failed (out of memory?)");
    const std::string_view seed_text(reinterpret_cast<const char*>(seed.data()), seed.size());
    Keys keys;
    const auto id = crypto::hash_parts({"floor-pickup-id-v1", seed_text}, 32);
    keys.id = crypto::to_hex(id.data(), id.size());
    auto box_seed = crypto::hash_parts({"floor-pickup-box-v1", seed_text}, crypto_box_SEEDBYTES);
    std::uint8_t public_key[crypto_box_PUBLICKEYBYTES];
    crypto_box_seed_keypair(public_key, keys.secret_key.data(), box_seed.data());
    wipe_memory(box_seed.data(), box_seed.size());
    keys.public_key = crypto::to_hex(public_key, sizeof public_key);
    return keys;
}

std::string seal(std::string_view text, std::string_view public_key_hex) {
    crypto::ensure_sodium();
    const auto public_key = crypto::from_hex(public_key_hex, crypto_box_PUBLICKEYBYTES);
    if (!public_key) throw std::invalid_argument("pickup_key is not 64 hex digits");
    std::string box(text.size() + crypto_box_SEALBYTES, '\0');
    crypto_box_seal(reinterpret_cast<unsigned char*>(box.data()), reinterpret_cast<const unsigned char*>(text.data()),
                    text.size(), public_key->data());
    return crypto::to_hex(reinterpret_cast<const std::uint8_t*>(box.data()), box.size());
}

std::optional<std::string> open(std::string_view sealed_hex, const Keys& keys) {
    crypto::ensure_sodium();
    const auto box = crypto::from_hex(sealed_hex);
    const auto public_key = crypto::from_hex(keys.public_key, crypto_box_PUBLICKEYBYTES);
    if (!box || !public_key || box->size() < crypto_box_SEALBYTES) return std::nullopt;
    std::string text(box->size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(text.data()), box->data(), box->size(),
                             public_key->data(), keys.secret_key.data()) != 0)
        return std::nullopt;
    return text;
}

}  // namespace floorsync::pickup
