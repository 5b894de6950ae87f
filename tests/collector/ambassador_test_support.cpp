// Implementation of the ambassador test helpers: service calls on the database, signed moderation events.
#include "ambassador_test_support.hpp"

#include "collector/ambassador_service.hpp"
#include "sync/shared/clock.hpp"
#include "sync/shared/question_view.hpp"

#include <doctest/doctest.h>

namespace collector_test {

namespace fc = floorsync::collector;
namespace amb = floorsync::ambassador;

namespace {

TestAmbassador with_key(const fc::AmbassadorRecord& record, const std::string& pin) {
    const auto pin_key = amb::derive_pin_key(pin, record.salt, record.params);
    REQUIRE(amb::check_value(pin_key, record.id) == record.check);  // what a kiosk compares
    return {record, amb::mac_key(pin_key, record.id)};
}

}  // namespace

TestAmbassador add_ambassador(const std::string& db, const std::string& name, const std::string& department,
                              const std::string& pin) {
    const auto storage = fc::open_storage(db);
    const auto table = storage->open_ambassadors();
    fc::AmbassadorService service(*table);
    return with_key(service.add(name, department, pin), pin);
}

TestAmbassador reset_ambassador_pin(const std::string& db, const std::string& id, const std::string& pin) {
    const auto storage = fc::open_storage(db);
    const auto table = storage->open_ambassadors();
    fc::AmbassadorService service(*table);
    return with_key(service.reset_pin(id, pin), pin);
}

void remove_ambassador(const std::string& db, const std::string& id) {
    const auto storage = fc::open_storage(db);
    const auto table = storage->open_ambassadors();
    fc::AmbassadorService(*table).remove(id);
}

std::string public_id_of(const json& question_event) {
    return floorsync::questions::public_id(question_event.at("id").get<std::string>());
}

json question_with_pickup_json(const std::string& kiosk_id, const std::string& department, const std::string& text,
                               const std::string& pickup_id, const std::string& pickup_key) {
    json event = question_json(kiosk_id, department, text);
    event["payload"]["pickup_id"] = pickup_id;
    event["payload"]["pickup_key"] = pickup_key;
    return event;
}

json moderation_json(const std::string& kiosk_id, const TestAmbassador& ambassador, const std::string& question_id,
                     const std::string& action, const std::string& text, const std::string& created_at,
                     const amb::MacKey* key, const std::string& signed_kiosk) {
    const std::string id = floorsync::new_uuid_v7();
    const std::string at = created_at.empty() ? floorsync::utc_now_rfc3339() : created_at;
    const amb::ProofFields fields{signed_kiosk.empty() ? kiosk_id : signed_kiosk, id, at, question_id, action, text,
                                  ambassador.record.id};
    return json{{"id", id},
                {"type", "question_moderation"},
                {"created_at", at},
                {"kiosk_id", kiosk_id},
                {"department", ""},  // the collector judges an action by the question's department, not this one
                {"language", "nl"},
                {"payload",
                 {{"question", question_id},
                  {"action", action},
                  {"text", text},
                  {"ambassador", ambassador.record.id},
                  {"proof", amb::sign(key != nullptr ? *key : ambassador.key, fields)}}}};
}

json vote_json(const std::string& kiosk_id, const std::string& department, const std::string& question_id) {
    return json{{"id", floorsync::new_uuid_v7()},
                {"type", "question_vote"},
                {"created_at", floorsync::utc_now_rfc3339()},
                {"kiosk_id", kiosk_id},
                {"department", department},
                {"language", "nl"},
                {"payload", {{"question", question_id}}}};
}

std::optional<fc::QuestionRecord> stored_question(const std::string& db, const std::string& public_id) {
    const auto storage = fc::open_storage(db);
    return storage->open_questions()->find(public_id);
}

}  // namespace collector_test
