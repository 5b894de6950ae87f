// What the shared crypto needs from libsodium: one-time initialisation and hex text for keys, digests and boxes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floorsync::crypto {

// sodium_init() once per process; throws std::runtime_error when libsodium cannot start.
void ensure_sodium();

std::string to_hex(const std::uint8_t* data, std::size_t size);
// Lower-case hex of exactly `size` bytes (size 0: any even length); nullopt otherwise.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex, std::size_t size = 0);
bool is_lower_hex(std::string_view text, std::size_t bytes);

// Unkeyed BLAKE2b of `parts`, each prefixed by its length so that no two part lists give the same input.
std::vector<std::uint8_t> hash_parts(std::initializer_list<std::string_view> parts, std::size_t out_bytes);

}  // namespace floorsync::crypto
