// The content digest that tells an identical resend from a conflicting one; the same on every backend.
#include "collector/storage/storage.hpp"

#include <sodium.h>

#include <cstdint>

namespace floorsync::collector {

std::string content_hash(const Event& event) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 16);
    for (const std::string* field :
         {&event.type, &event.created_at, &event.kiosk_id, &event.department, &event.language, &event.payload}) {
        // Length-prefixed, so ("ab","c") and ("a","bc") differ.
        const auto size = static_cast<std::uint64_t>(field->size());
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&size), sizeof size);
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field->data()), field->size());
    }
    unsigned char digest[16];
    crypto_generichash_final(&state, digest, sizeof digest);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace floorsync::collector
