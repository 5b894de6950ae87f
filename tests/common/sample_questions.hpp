// Questions and ambassador credentials for kiosk tests, built as the collector's feed would carry them. Credentials
// use libsodium's cheapest Argon2id limits: screen tests are about the screens, not the cost of a PIN check.
#pragma once

#include "sync/content_snapshot.hpp"
#include "sync/shared/ambassador_credential.hpp"
#include "sync/shared/pickup_code.hpp"
#include "sync/shared/question_view.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kiosk_test {

inline const floorsync::ambassador::KdfParams kFastKdf{1, 8192};
inline const std::string kDepartmentSalt = "a1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8";

inline std::string ambassador_id(int n) {
    const std::string digits = std::to_string(n);
    return "0193b000-0000-4000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

// The credential `ambassador add` would publish for this PIN.
inline floorsync::ambassador::Credential make_credential(int n, std::string name, std::string department,
                                                         const std::string& pin, std::string salt = kDepartmentSalt) {
    floorsync::ambassador::Credential c;
    c.id = ambassador_id(n);
    c.name = std::move(name);
    c.department = std::move(department);
    c.salt = std::move(salt);
    c.params = kFastKdf;
    c.check = floorsync::ambassador::check_value(floorsync::ambassador::derive_pin_key(pin, c.salt, c.params), c.id);
    c.revision = 1000 + n;
    return c;
}

inline std::string question_event_id(int n) {
    const std::string digits = std::to_string(n);
    return "0193c000-0000-7000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

inline floorsync::questions::View make_question(int n, std::string department, std::string text,
                                                floorsync::questions::State state = floorsync::questions::State::open,
                                                std::int64_t votes = 0, std::string day = "2026-12-01") {
    floorsync::questions::View q;
    q.id = floorsync::questions::public_id(question_event_id(n));
    q.department = std::move(department);
    q.day = std::move(day);
    q.text = std::move(text);
    q.state = state;
    q.votes = votes;
    q.revision = 2000 + n;
    return q;
}

inline floorsync::questions::View answered(floorsync::questions::View q, std::string answer, std::string by) {
    q.state = floorsync::questions::State::answered;
    q.answer = std::move(answer);
    q.answer_by = std::move(by);
    q.answered_day = q.day;
    return q;
}

// Gives the question a pickup code (its id and key, as the asking kiosk sent them); returns the code.
inline std::string with_pickup(floorsync::questions::View& q, const std::string& code) {
    const auto keys = floorsync::pickup::derive(code);
    q.pickup_id = keys.id;
    q.pickup_key = keys.public_key;
    return code;
}

inline std::shared_ptr<floorsync::ContentSnapshot> snapshot_with(std::vector<floorsync::questions::View> questions,
                                                                 std::vector<floorsync::ambassador::Credential> ambassadors,
                                                                 std::uint64_t version = 1) {
    auto snapshot = std::make_shared<floorsync::ContentSnapshot>();
    snapshot->questions = std::move(questions);
    snapshot->ambassadors = std::move(ambassadors);
    snapshot->version = version;
    return snapshot;
}

}  // namespace kiosk_test
