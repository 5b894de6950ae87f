// The central team's own actions on questions (publish, answer, dismiss), for the questions no ambassador can act
// on: organisation-wide ones and those of departments without an ambassador. Kept and folded as ambassadors' are.
#pragma once

#include "collector/storage/storage.hpp"
#include "sync/shared/clock.hpp"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace floorsync::collector {

// A question command that cannot be done as asked: an unknown question id, an answer text or name the text rules
// refuse. what() says which. Exit code 1.
struct CentralQuestionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Which questions a listing shows; nullopt: any.
struct QuestionFilter {
    std::optional<std::string> department;  // "" : the organisation-wide ones
    std::optional<questions::State> state;
};

// The name signed under the central team's answers unless another is given.
inline constexpr const char* kCentralTeamName = "Central team";

// Not thread-safe, like the table it works on.
class CentralQuestionService {
public:
    using Clock = std::function<SystemTime()>;
    explicit CentralQuestionService(QuestionTable& table, Clock clock = [] { return std::chrono::system_clock::now(); });

    // The questions that match, by created_at then event id (the table's order).
    std::vector<QuestionRecord> list(const QuestionFilter& filter);

    // Each keeps one action under a fresh UUIDv7 event id, made now, and returns the question as refolded (the latest
    // action wins by time, whoever took it, so a later ambassador's answer still replaces the central team's).
    QuestionRecord publish(const std::string& id);
    QuestionRecord answer(const std::string& id, const std::string& text, const std::string& by = kCentralTeamName);
    QuestionRecord dismiss(const std::string& id);

private:
    QuestionRecord act(const std::string& id, const char* action, const std::string& text, const std::string& by);

    QuestionTable& table_;
    Clock clock_;
};

}  // namespace floorsync::collector
