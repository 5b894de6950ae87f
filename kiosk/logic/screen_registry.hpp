// The one list of the kiosk's screens. Adding a screen: its class under screens/, its view in kiosk/ui (the build
// fails until `draw_screen` has an overload for it), and one entry in AllScreens below. Names for --screen, the
// targets file and the screenshot script all come from here.
#pragma once

#include "kiosk/logic/screen.hpp"

#include <string_view>
#include <vector>

namespace kiosk {

class HomeScreen;
class DepartmentScreen;
class SavingScreen;
class FollowUpScreen;
class ThankYouScreen;
class AskScreen;
class StoreErrorScreen;
class CleaningScreen;
class WhyScreen;
class NewsScreen;
class TimelineScreen;
class TrainingScreen;
class QuestionsScreen;
class PickupScreen;
class PickupResultScreen;
class PinScreen;
class AmbassadorQueueScreen;
class AmbassadorQuestionScreen;
class AnswerScreen;

template <class... Screens>
struct ScreenTypes {
    // Calls f.template operator()<S>() for each screen type, in order.
    template <class F>
    static void for_each(F&& f) {
        (f.template operator()<Screens>(), ...);
    }
};

using AllScreens = ScreenTypes<HomeScreen, DepartmentScreen, SavingScreen, FollowUpScreen, ThankYouScreen, AskScreen,
                               StoreErrorScreen, CleaningScreen, WhyScreen, NewsScreen, TimelineScreen, TrainingScreen,
                               QuestionsScreen, PickupScreen, PickupResultScreen, PinScreen, AmbassadorQueueScreen,
                               AmbassadorQuestionScreen, AnswerScreen>;

// Every screen's name, in registry order.
const std::vector<std::string_view>& screen_names();
// What --screen accepts: every screen's name, and "NAME:VARIANT" for each of a screen's S::kSampleVariants.
const std::vector<std::string>& sample_names();

// The content screens home opens by name ("why", "news", "timeline", "training", "questions"); nullptr for any other.
ScreenPtr open_content_screen(std::string_view name);
// Their names, in the order home shows their buttons.
const std::vector<std::string_view>& content_screen_names();

// A screen with sample state, for screenshots (kiosk --screen NAME); nullptr for an unknown name. Records nothing.
// "NAME:VARIANT" picks another sample of that screen (S::sample_variant), e.g. "pin:locked".
ScreenPtr make_sample_screen(std::string_view name, ScreenHost& host, std::string_view sample_question);

}  // namespace kiosk
