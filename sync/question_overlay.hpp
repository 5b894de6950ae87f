// This kiosk's own question events on top of the feed's questions: a question just asked, an ambassador's action
// or a vote shows at once, before the collector's feed brings it back.
#pragma once

#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/question_view.hpp"
#include "sync/store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace floorsync {

// Whether the feed in the cache may not show the event yet: it is pending, or it was confirmed by the collector
// (sent) no earlier than the start of the last poll that read the feed to its end (Store::feed_synced_at).
// Quarantined events never show: the collector refused them.
bool awaits_feed(const StoredEvent& event, const std::string& feed_synced_at);

// The feed's questions (in their order) with this kiosk's own events that await the feed (`own_events`, oldest
// first; others are ignored) on top:
// - a question event whose public id (questions::public_id of the event id) the feed does not hold yet is added
//   after them: state open, the department of the event, the local day of its created_at, text and pickup fields
//   from its payload, no votes, revision 0;
// - question_moderation events fold (questions::fold) onto the question's state as the feed gave it: the feed's
//   state is the starting point and the kiosk's own actions come after it, in their own order. The answer's
//   answer_by is the display name of the event's ambassador among `ambassadors` ("" when no longer there), its
//   answered_day the local day of the action;
// - each question_vote adds one vote.
// An event whose payload does not decode, or that names a question the kiosk does not hold, changes nothing.
std::vector<questions::View> with_own_events(std::vector<questions::View> feed_questions,
                                             const std::vector<StoredEvent>& own_events,
                                             const std::string& feed_synced_at,
                                             const std::vector<ambassador::Credential>& ambassadors);

// "YYYY-MM-DD" of an RFC 3339 time in the kiosk's local time zone; "" when it does not parse.
std::string local_day(std::string_view rfc3339);

}  // namespace floorsync
