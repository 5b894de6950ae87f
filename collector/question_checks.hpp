// The ingest checks of ambassadors' actions and votes, before the group commit: who may act on which question, and
// whether the action's proof verifies. A refused event is "rejected" with the reason (the kiosk quarantines it).
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/shared/protocol.hpp"

#include <vector>

namespace floorsync::collector {

// Whether the batch holds a well-formed question_moderation or question_vote (only then are the tables needed).
bool needs_question_checks(const std::vector<CheckedEvent>& events);

// Sets `error` on every still-valid event that may not change what it names:
// - question_moderation: the ambassador is unknown or removed; is not of one of the kiosk's departments; the proof
//   (ambassador::verify over the token's kiosk id, the event's id and created_at and the payload's question, action,
//   text and ambassador) does not verify under the ambassador's current MAC key; the question is unknown (neither
//   stored nor asked earlier or later in this batch; a stored question always wins over a batch one with its id) or
//   not of the ambassador's department; answer_private on a
//   question without a pickup key.
// - question_vote: the question is unknown, or neither of the kiosk's departments nor organisation-wide.
// Events already rejected keep their reason. Throws StorageError when a lookup fails.
void check_question_events(std::vector<CheckedEvent>& events, const KioskIdentity& kiosk, AmbassadorTable& ambassadors,
                           QuestionTable& questions);

}  // namespace floorsync::collector
