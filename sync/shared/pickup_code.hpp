// Pickup codes: the asker's only handle on their question. A random 40-bit code shown once ("K7PX-4MQ2"); its
// Argon2id derivation gives the id the collector and kiosks know the question by, and a key pair: private answers
// are sealed to the public key, so only someone holding the code can read them (not the collector, not a kiosk disk).
#pragma once

#include "sync/shared/secret_bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace floorsync::pickup {

// 32 symbols, none that reads like another: no 0/O, no 1/I. 8 of them: 40 bits.
inline constexpr std::string_view alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
inline constexpr std::size_t code_symbols = 8;

// A fresh random code in its normalised form ("K7PX4MQ2").
std::string new_code();
// "K7PX-4MQ2" for display and for copying by hand.
std::string format(std::string_view normalised);
// What someone typed: case, spaces and dashes ignored. nullopt unless exactly 8 symbols of the alphabet remain.
std::optional<std::string> normalise(std::string_view typed);

struct Keys {
    std::string id;          // 64 hex digits: questions carry it as pickup_id
    std::string public_key;  // 64 hex digits: questions carry it as pickup_key; private answers are sealed to it
    SecretBytes<32> secret_key;
};
// The slow step (Argon2id, about 70 ms, 64 MiB): run it off the frame loop. `normalised` as normalise() returns it.
Keys derive(std::string_view normalised);

// A private answer sealed to a question's pickup_key (hex of crypto_box_seal). Throws std::invalid_argument for a
// malformed key.
std::string seal(std::string_view text, std::string_view public_key_hex);
// nullopt when the box was not sealed to these keys or is damaged.
std::optional<std::string> open(std::string_view sealed_hex, const Keys& keys);

}  // namespace floorsync::pickup
