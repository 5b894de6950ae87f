// Internal to kiosk/ui: what every screen's view gets, and one draw_screen overload per screen of the registry.
#pragma once

#include "kiosk/logic/input.hpp"
#include "kiosk/logic/screens/all_screens.hpp"
#include "kiosk/logic/strings.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/widgets.hpp"

#include <string>

namespace kiosk::ui {

struct ScreenContext {
    const StringTables& strings;
    const FontSet& fonts;
    const std::string& language;
    Controls& controls;
    Inputs& actions;
    float em;
    const ScreenHost& host;
    TimePoint now;

    const std::string& text(const char* key) const { return strings.get(language, key); }
    ImDrawList& draw() const { return controls.draw(); }
    const KioskConfig& config() const { return host.config(); }
    void act(Input input) const { actions.push_back(std::move(input)); }
};

// One view per screen in kiosk::AllScreens (kiosk/logic/screen_registry.hpp); a screen without one fails to build.
void draw_screen(const ScreenContext& ctx, const HomeScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const DepartmentScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const SavingScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const FollowUpScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const ThankYouScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const AskScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const StoreErrorScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const CleaningScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const WhyScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const NewsScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const TimelineScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const TrainingScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const QuestionsScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const PickupScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const PickupResultScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const PinScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const AmbassadorQueueScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const AmbassadorQuestionScreen& screen, Rect area);
void draw_screen(const ScreenContext& ctx, const AnswerScreen& screen, Rect area);

// Shared pieces.
float text_width(ImFont* font, std::string_view text);
// A title (title font) and an optional muted hint under it, centred; returns the height used.
float draw_heading(const ScreenContext& ctx, Rect area, std::string_view title, std::string_view hint, ImU32 title_colour);

}  // namespace kiosk::ui
