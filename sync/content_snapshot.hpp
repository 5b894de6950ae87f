// The published content the kiosk shows, as one immutable snapshot: the sync engine writes it, the UI only reads it.
#pragma once

#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/content_item.hpp"
#include "sync/shared/question_view.hpp"

#include <cstdint>
#include <vector>

namespace floorsync {

struct ContentSnapshot {
    // Every item in the kiosk's cache, oldest revision first, whatever its shown window: the screen decides what
    // to show at which time (shown_from, shown_until) and in which language (content::translation_for).
    std::vector<content::Item> items;
    // The questions of this kiosk's departments as the feed brought them, in every state, plus this kiosk's own
    // questions and ambassador actions that are still in its outbox, applied on top (questions::fold). The screens
    // decide who may see what: employees only questions::is_public ones, ambassadors their own department's.
    std::vector<questions::View> questions;
    // The credentials of the ambassadors of this kiosk's departments.
    std::vector<ambassador::Credential> ambassadors;
    // 0: the cache has not been read yet (the store is not open); every later snapshot has a higher version, so a
    // reader redraws only when it moved.
    std::uint64_t version = 0;
};

}  // namespace floorsync
