// An ambassador's action on a question as the event the outbox stores: its payload, its department and the proof
// that the ambassador's PIN was entered on this kiosk. Pure: the screens make the envelope, this fills it in.
#pragma once

#include "sync/secret_checks.hpp"
#include "sync/shared/event.hpp"
#include "sync/shared/question_view.hpp"

#include <stdexcept>
#include <string_view>

namespace kiosk {

// An action that must not be sent; what() says why in a line (the screen shows it as the reason it was not saved).
struct ActionError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Completes `envelope` (ScreenHost::make_event: id, created_at, kiosk_id, language) as the question_moderation
// event of `action` (events::moderation_action) on `question`. `text`: the answer as it will show (answer), the
// answer in clear that is sealed here to the question's pickup key (answer_private), empty for publish and dismiss.
// The department becomes the question's, and the proof (ambassador::sign under the session's MAC key) covers
// exactly the kiosk id, event id and created_at the envelope carries, so the collector verifies what it stores.
// Throws ActionError: a session without an ambassador (the screenshots' sample), a question of another
// department, an unknown action, a private answer to a question without a pickup code, an answer the text rule
// refuses, or text given with publish or dismiss.
floorsync::Event moderation_event(floorsync::Event envelope, const floorsync::AmbassadorSession& session,
                                  const floorsync::questions::View& question, std::string_view action, std::string_view text);

}  // namespace kiosk
