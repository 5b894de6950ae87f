// Helpers for the ambassador and question tests: ambassadors added as the CLI adds them, with the MAC key a kiosk
// holds after the PIN, and question_moderation / question_vote events signed as an unlocked kiosk signs them.
#pragma once

#include "collector_test_support.hpp"

#include "collector/storage/storage.hpp"
#include "sync/shared/ambassador_credential.hpp"

#include <memory>
#include <string>

namespace collector_test {

// An ambassador as the collector stores it, and the MAC key a kiosk derives from the PIN (the proof's key).
struct TestAmbassador {
    floorsync::collector::AmbassadorRecord record;
    floorsync::ambassador::MacKey key;
};

// AmbassadorService::add on `db` (interactive Argon2id limits, as the CLI), then the kiosk's derivation of the key.
TestAmbassador add_ambassador(const std::string& db, const std::string& name, const std::string& department,
                              const std::string& pin);
// AmbassadorService::reset_pin, and the new key.
TestAmbassador reset_ambassador_pin(const std::string& db, const std::string& id, const std::string& pin);
void remove_ambassador(const std::string& db, const std::string& id);

// The public id (questions::public_id) of a question event built by question_json.
std::string public_id_of(const json& question_event);

// A question asked with a pickup code: the event and the code's keys (to open a private answer).
json question_with_pickup_json(const std::string& kiosk_id, const std::string& department, const std::string& text,
                               const std::string& pickup_id, const std::string& pickup_key);

// A question_moderation event by `ambassador` on the question with `question_id`, made on `kiosk_id` at `created_at`
// (RFC 3339 UTC with milliseconds; default now) and signed with `key` over `signed_kiosk` (default: kiosk_id).
json moderation_json(const std::string& kiosk_id, const TestAmbassador& ambassador, const std::string& question_id,
                     const std::string& action, const std::string& text, const std::string& created_at = {},
                     const floorsync::ambassador::MacKey* key = nullptr, const std::string& signed_kiosk = {});

json vote_json(const std::string& kiosk_id, const std::string& department, const std::string& question_id);

// The stored question row, read through the backend's QuestionTable.
std::optional<floorsync::collector::QuestionRecord> stored_question(const std::string& db, const std::string& public_id);

}  // namespace collector_test
