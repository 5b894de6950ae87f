// The frame: one borderless full-screen window, the current screen, the status line and physical keys.
#include "kiosk/ui/kiosk_view.hpp"

#include "kiosk/logic/screen_registry.hpp"
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

constexpr ImGuiWindowFlags kScreenWindowFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                                ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse |
                                                ImGuiWindowFlags_NoBackground;

// The physical keyboard on the ask screen. Characters arrive as UTF-16 (ImGui 1.86 stores 16-bit ImWchar; the
// platform layer queues characters beyond U+FFFF as surrogate pairs so an emoji is kept as typed).
void read_physical_keyboard(Inputs& actions) {
    ImGuiIO& io = ImGui::GetIO();
    char32_t high_surrogate = 0;
    for (ImWchar unit : io.InputQueueCharacters) {
        const char32_t c = unit;
        if (c >= 0xD800 && c <= 0xDBFF) {
            high_surrogate = c;
            continue;
        }
        char32_t codepoint = c;
        if (c >= 0xDC00 && c <= 0xDFFF) {
            if (high_surrogate == 0)
                continue;  // a lone low surrogate is not a character
            codepoint = 0x10000 + ((high_surrogate - 0xD800) << 10) + (c - 0xDC00);
        }
        high_surrogate = 0;
        actions.push_back(in::type_codepoint(codepoint));
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), true))
        actions.push_back(in::backspace());
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))
        actions.push_back(in::send_question());
}

std::string link_text(const StringTables& strings, const std::string& language, const StatusSnapshot& status,
                      std::optional<std::chrono::system_clock::time_point>& next_change) {
    using floorsync::LinkState;
    switch (status.link) {
    case LinkState::no_collector: return strings.get(language, text::status_no_collector);
    case LinkState::connecting: return strings.get(language, text::status_connecting);
    case LinkState::online: return strings.get(language, text::status_online);
    case LinkState::offline:
    case LinkState::retrying: break;
    }
    const std::string prefix = status.link == LinkState::offline ? strings.get(language, text::status_offline) + ", " : "";
    // Shown in steps (10 s under a minute, whole minutes above) so an idle screen redraws rarely.
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(status.next_attempt - status.wall_now).count();
    std::int64_t shown = 0;
    std::int64_t step = 0;
    if (left > 0) {
        step = left > 60 ? 60 : 10;
        shown = (left + step - 1) / step * step;
        next_change = status.wall_now + std::chrono::seconds(left - (shown - step));
    }
    return prefix + strings.format(language, text::status_retrying, {{"seconds", std::to_string(shown)}});
}

void draw_status_line(const ScreenContext& ctx, const Shell& shell, const StatusSnapshot& status, Rect line,
                      std::optional<std::chrono::system_clock::time_point>& next_change) {
    const KioskConfig& config = shell.config();
    const std::string who = ctx.strings.format(ctx.language, text::status_kiosk, {{"kiosk", config.kiosk_id}, {"site", config.site}});
    const bool storage_ok = status.storage_ok && !shell.last_store_failed();
    const std::string state = status_line_text(ctx.strings, ctx.language, shell, status, next_change);

    ImFont* font = ctx.fonts.body;
    const float y = line.min.y + (line.height() - font->FontSize) * 0.5f;
    const float state_width = text_width(font, state);
    ctx.draw().AddText(font, font->FontSize, ImVec2(line.max.x - state_width, y), storage_ok ? theme::text_muted : theme::danger,
                       state.c_str());
    const float who_room = line.width() - state_width - ctx.em;
    if (who_room > ctx.em * 4.0f) {
        ctx.draw().PushClipRect(line.min, ImVec2(line.min.x + who_room, line.max.y), true);
        ctx.draw().AddText(font, font->FontSize, ImVec2(line.min.x, y), theme::text_muted, who.c_str());
        ctx.draw().PopClipRect();
    }
}

}  // namespace

std::string status_line_text(const StringTables& strings, const std::string& language, const Shell& shell,
                             const StatusSnapshot& status, std::optional<std::chrono::system_clock::time_point>& next_change) {
    std::string state = status.pending == 0
                            ? strings.get(language, text::status_all_sent)
                            : strings.format_count(language, text::status_waiting_one, text::status_waiting_other, status.pending);
    if (status.quarantined > 0)
        state += "  \xC2\xB7  " + strings.format(language, text::status_quarantined, {{"count", std::to_string(status.quarantined)}});
    const bool storage_ok = status.storage_ok && !shell.last_store_failed();
    state += "  \xC2\xB7  " + strings.get(language, storage_ok ? text::status_storage_ok : text::status_storage_error);
    if (status.link != floorsync::LinkState::no_collector || !shell.config().sync.collector_url.empty())
        state += "  \xC2\xB7  " + link_text(strings, language, status, next_change);
    return state;
}

const Target* KioskView::find_target(std::string_view id) const {
    for (const Target& target : targets_)
        if (target.id == id)
            return &target;
    return nullptr;
}

Inputs KioskView::draw(const Shell& shell, const StatusSnapshot& status, TimePoint now) {
    targets_.clear();
    next_status_change_.reset();
    Inputs actions;

    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
    ImGui::PushFont(fonts_.body);
    ImGui::Begin("##kiosk", nullptr, kScreenWindowFlags);

    const float em = fonts_.em;
    Controls controls(*ImGui::GetWindowDrawList(), targets_, em);
    const ScreenContext ctx{strings_, fonts_, shell.language(), controls, actions, em, shell.host(), now};
    const Screen& screen = shell.screen();
    const bool home = shell.screen_as<HomeScreen>() != nullptr;
    // The screens that type (a question, an answer): a physical keyboard works there too.
    const bool ask = shell.screen_as<AskScreen>() != nullptr || shell.screen_as<AnswerScreen>() != nullptr;
    Rect area{ImVec2(0.0f, 0.0f), io.DisplaySize};
    // The platform clears the screen to theme::background; a full-screen fill here would double the pixels a
    // software renderer has to blend. Only the cleaning lock has a colour of its own.
    if (shell.screen_as<CleaningScreen>())
        ctx.draw().AddRectFilled(area.min, area.max, theme::cleaning_surface);
    // The ask screen needs every row it can get for big keys; home needs room for its faces; the others breathe.
    area = area.shrunk((ask || home ? 0.5f : theme::margin_em) * em);
    if (home) {
        const Rect status_line = area.take_bottom(1.2f * em, 0.3f * em);
        draw_status_line(ctx, shell, status, status_line, next_status_change_);
    }
    if (ask)
        read_physical_keyboard(actions);

    // The registry's screens, each drawn by its own draw_screen overload.
    AllScreens::for_each([&]<class S>() {
        if (const S* typed = dynamic_cast<const S*>(&screen))
            draw_screen(ctx, *typed, area);
    });

    if (actions.empty() && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        actions.push_back(in::note_activity());

    ImGui::End();
    ImGui::PopFont();
    ImGui::PopStyleVar();
    return actions;
}

float text_width(ImFont* font, std::string_view text) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

float draw_heading(const ScreenContext& ctx, Rect area, std::string_view title, std::string_view hint, ImU32 title_colour) {
    const float width = area.width();
    float bottom = draw_text_block(ctx.draw(), ctx.fonts.title, title, area.min.x, area.min.y, width, title_colour, Align::centre);
    if (!hint.empty())
        bottom = draw_text_block(ctx.draw(), ctx.fonts.body, hint, area.min.x, bottom + 0.3f * ctx.em, width, theme::text_muted,
                                 Align::centre);
    return bottom - area.min.y;
}

}  // namespace kiosk::ui
