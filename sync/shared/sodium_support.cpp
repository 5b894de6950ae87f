// libsodium start-up, hex coding, length-prefixed BLAKE2b and wiping, shared by PIN proofs and pickup codes.
#include "sync/shared/sodium_support.hpp"

#include "sync/shared/secret_bytes.hpp"

#include <sodium.h>

#include <stdexcept>

namespace floorsync {

void wipe_memory(void* data, std::size_t size) { sodium_memzero(data, size); }

bool equal_in_constant_time(const std::uint8_t* a, const std::uint8_t* b, std::size_t size) {
    return sodium_memcmp(a, b, size) == 0;
}

namespace crypto {

void ensure_sodium() {
    static const int result = sodium_init();  // thread-safe once; 1 means "already initialised", also fine
    if (result < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string to_hex(const std::uint8_t* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(digits[data[i] >> 4]);
        hex.push_back(digits[data[i] & 0x0f]);
    }
    return hex;
}

bool is_lower_hex(std::string_view text, std::size_t bytes) {
    if (text.size() != bytes * 2) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex, std::size_t size) {
    if (hex.size() % 2 != 0 || (size != 0 && hex.size() != size * 2)) return std::nullopt;
    if (!is_lower_hex(hex, hex.size() / 2)) return std::nullopt;
    std::vector<std::uint8_t> bytes(hex.size() / 2);
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::uint8_t>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
    return bytes;
}

std::vector<std::uint8_t> hash_parts(std::initializer_list<std::string_view> parts, std::size_t out_bytes) {
    ensure_sodium();
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, out_bytes);
    for (std::string_view part : parts) {
        const std::string length = std::to_string(part.size()) + ":";
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(length.data()), length.size());
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
    }
    std::vector<std::uint8_t> out(out_bytes);
    crypto_generichash_final(&state, out.data(), out.size());
    return out;
}

}  // namespace crypto
}  // namespace floorsync
