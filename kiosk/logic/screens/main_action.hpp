// A rating or a question on its way to the disk: asks for the department when the kiosk serves several, then saves.
#pragma once

#include "kiosk/logic/screen.hpp"

#include <optional>
#include <string>

namespace kiosk {

// What the saving, thank-you and error screens are about.
enum class Subject { rating, reasons, question, training };

// The pickup code made for a question while it was being typed. The code itself is shown once, on the thank-you;
// its id and public key go into the question event. It lives only in the ask, department, saving and thank-you
// screens: never in the visit or the host, so the next person cannot reach it.
struct PickupCode {
    std::string code;        // normalised ("K7PX4MQ2"); pickup::format() groups it for display
    std::string id;          // the question's pickup_id
    std::string public_key;  // the question's pickup_key
};

struct MainAction {
    Subject subject = Subject::rating;
    // rating
    int score = 0;
    bool suspect = false;
    std::string rating_id;
    // question
    std::string question_text;
    std::optional<PickupCode> pickup;  // nullopt: the code was not ready when Send was tapped
    // set when submitted: "" = not said; the follow-up's reasons repeat it
    std::string department;

    static MainAction rating(int score, bool suspect, std::string id);
    static MainAction question(std::string text, std::optional<PickupCode> pickup = std::nullopt);
    floorsync::Event event(ScreenHost& host, std::string department) const;
};

// The department screen when the config lists several departments, else straight to saving.
Transition begin(MainAction action, ScreenHost& host, TimePoint now);
// Submits with this department ("" = not said) and shows the saving screen until the recorder answers.
Transition submit(MainAction action, std::string department, ScreenHost& host, TimePoint now);

}  // namespace kiosk
