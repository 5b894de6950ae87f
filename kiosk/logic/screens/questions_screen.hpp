// Questions and answers: the questions of this kiosk's departments and the organisation-wide ones that an
// ambassador published or answered, most asked first, with "I have this question too"; the way to a pickup code.
#pragma once

#include "kiosk/logic/screens/content_screen.hpp"
#include "sync/shared/question_view.hpp"

#include <string>
#include <vector>

namespace kiosk {

class QuestionsScreen final : public ContentScreen {
public:
    static constexpr std::string_view kName = "questions";
    QuestionsScreen() = default;
    // For screenshots: the snapshot's public questions, or built-in samples in the visit's language when it has none.
    static ScreenPtr sample(ScreenHost& host);

    std::string_view name() const override { return kName; }
    // Also "I have a pickup code" (open_screen "pickup"), which is not one of the content screens.
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;

    // What the list shows: visible().questions (public_questions()), or the sample's own list passed through the
    // same rule.
    const std::vector<const floorsync::questions::View*>& questions(const ScreenHost& host) const;

    enum class Vote { none, saving, given, failed };
    // What "I have this question too" of this question shows in this visit.
    Vote vote(const ScreenHost& host, const std::string& question_id) const;

protected:
    Transition handle_own(const Input& input, ScreenHost& host, TimePoint now) override;

private:
    std::vector<floorsync::questions::View> samples_;
    std::vector<const floorsync::questions::View*> sample_list_;
};

}  // namespace kiosk
