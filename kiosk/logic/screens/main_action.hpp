// A rating or a question on its way to the disk: asks for the department when the kiosk serves several, then saves.
#pragma once

#include "kiosk/logic/screen.hpp"

#include <string>

namespace kiosk {

// What the saving, thank-you and error screens are about.
enum class Subject { rating, reasons, question, training };

struct MainAction {
    Subject subject = Subject::rating;
    // rating
    int score = 0;
    bool suspect = false;
    std::string rating_id;
    // question
    std::string question_text;
    // set when submitted: "" = not said; the follow-up's reasons repeat it
    std::string department;

    static MainAction rating(int score, bool suspect, std::string id);
    static MainAction question(std::string text);
    floorsync::Event event(ScreenHost& host, std::string department) const;
};

// The department screen when the config lists several departments, else straight to saving.
Transition begin(MainAction action, ScreenHost& host, TimePoint now);
// Submits with this department ("" = not said) and shows the saving screen until the recorder answers.
Transition submit(MainAction action, std::string department, ScreenHost& host, TimePoint now);

}  // namespace kiosk
