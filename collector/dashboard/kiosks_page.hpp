// One row of the kiosks page (kiosks.mustache) from a kiosk's record: exposed so that tests can check what a
// given record shows.
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace floorsync::collector::dashboard {

// "none", "3", or "not reported (older kiosk)" for a kiosk whose uploads never carried the count.
std::string quarantined_text(const std::optional<std::int64_t>& quarantined);

// The row of `kiosk`: `suspect` its suspect repeated taps (nullptr: none), `silent_after` the kiosk_silent_minutes.
// Sets "silent" when an active kiosk was last seen (or, never seen, added) longer ago than that.
nlohmann::json kiosk_row(const KioskRecord& kiosk, const SuspectCount* suspect, SystemTime now,
                         std::chrono::minutes silent_after);

}  // namespace floorsync::collector::dashboard
