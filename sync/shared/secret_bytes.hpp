// Key material that wipes itself: a fixed-size byte array zeroed (sodium_memzero) when it is destroyed or moved from.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace floorsync {

void wipe_memory(void* data, std::size_t size);  // sodium_memzero: not optimised away

template <std::size_t N>
class SecretBytes {
public:
    SecretBytes() { bytes_.fill(0); }
    ~SecretBytes() { wipe_memory(bytes_.data(), N); }
    SecretBytes(const SecretBytes& other) : bytes_(other.bytes_) {}
    SecretBytes& operator=(const SecretBytes& other) {
        bytes_ = other.bytes_;
        return *this;
    }
    SecretBytes(SecretBytes&& other) noexcept : bytes_(other.bytes_) { wipe_memory(other.bytes_.data(), N); }
    SecretBytes& operator=(SecretBytes&& other) noexcept {
        bytes_ = other.bytes_;
        wipe_memory(other.bytes_.data(), N);
        return *this;
    }

    std::uint8_t* data() { return bytes_.data(); }
    const std::uint8_t* data() const { return bytes_.data(); }
    static constexpr std::size_t size() { return N; }
    bool operator==(const SecretBytes& other) const;  // constant time

private:
    std::array<std::uint8_t, N> bytes_;
};

bool equal_in_constant_time(const std::uint8_t* a, const std::uint8_t* b, std::size_t size);

template <std::size_t N>
bool SecretBytes<N>::operator==(const SecretBytes& other) const {
    return equal_in_constant_time(bytes_.data(), other.bytes_.data(), N);
}

}  // namespace floorsync
