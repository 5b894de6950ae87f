// The PIN pad: large keys for a gloved finger on the right, what the pad says and a dot per digit on the left.
// Digits are never drawn: not as typed, not as a count in words (shoulder surfing at a shared kiosk).
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <cstdio>

namespace kiosk::ui {
namespace {

constexpr float kKeyGapEm = 0.4f;
constexpr float kLargestKeyEm = 5.5f;
// PIN keys are never smaller than the keyboard's largest keys (4.2 em) when the screen has the room, and never
// below the touch target.
constexpr float kSmallestKeyEm = theme::touch_target_em;

std::string lock_clock(std::int64_t seconds) {
    char out[32];
    std::snprintf(out, sizeof out, "%lld:%02lld", static_cast<long long>(seconds / 60), static_cast<long long>(seconds % 60));
    return out;
}

// What the pad says now, and in which colour.
std::pair<std::string, ImU32> message(const ScreenContext& ctx, const PinScreen& screen) {
    switch (screen.status(ctx.host)) {
    case PinScreen::Status::entering: return {ctx.text(text::pin_hint), theme::text_muted};
    case PinScreen::Status::checking: return {ctx.text(text::pin_checking), theme::text};
    case PinScreen::Status::too_short: return {ctx.text(text::pin_too_short), theme::warning};
    case PinScreen::Status::refused:
        if (screen.tries_left() == 0) return {ctx.text(text::pin_wrong_locks_next), theme::danger};
        return {ctx.strings.format_count(ctx.language, text::pin_wrong_one, text::pin_wrong_other, screen.tries_left()), theme::danger};
    case PinScreen::Status::locked:
        return {ctx.strings.format(ctx.language, text::pin_locked, {{"time", lock_clock(screen.lock_seconds_left(ctx.host))}}),
                theme::danger};
    case PinScreen::Status::failed:
        return {ctx.strings.format(ctx.language, text::pin_failed, {{"detail", screen.failure()}}), theme::danger};
    case PinScreen::Status::no_ambassadors: return {ctx.text(text::pin_no_ambassadors), theme::warning};
    }
    return {ctx.text(text::pin_hint), theme::text_muted};
}

// One dot per digit entered, and an empty ring for each of the six a PIN needs at least.
void draw_dots(const ScreenContext& ctx, const PinScreen& screen, Rect row) {
    const float em = ctx.em;
    const std::size_t entered = screen.digit_count();
    const std::size_t shown = std::max(entered, PinScreen::kMinDigits);
    const float radius = 0.45f * em;
    const float step = std::min(1.5f * em, row.width() / static_cast<float>(PinScreen::kMaxDigits));
    const float left = row.min.x + radius;
    std::string label;
    for (std::size_t i = 0; i < shown; ++i) {
        const ImVec2 centre(left + step * static_cast<float>(i), row.centre().y);
        if (i < entered) {
            ctx.draw().AddCircleFilled(centre, radius, theme::accent, 24);
            label += "\xE2\x97\x8F";  // ●
        } else {
            ctx.draw().AddCircle(centre, radius, theme::outline, 24, std::max(1.0f, 0.08f * em));
        }
    }
    // What the dots say, for tests and the targets file (a tap on it does nothing): never a digit.
    ctx.controls.area("pin:entered", label.empty() ? ctx.text(text::pin_hint) : label, row);
}

void draw_pad(const ScreenContext& ctx, const PinScreen& screen, Rect pad) {
    const float em = ctx.em;
    const float gap = kKeyGapEm * em;
    const float key_height = std::clamp((pad.height() - 3.0f * gap) / 4.0f, kSmallestKeyEm * em, kLargestKeyEm * em);
    const float key_width = std::clamp((pad.width() - 2.0f * gap) / 3.0f, kSmallestKeyEm * em, 1.3f * kLargestKeyEm * em);
    const float pad_width = 3.0f * key_width + 2.0f * gap, pad_height = 4.0f * key_height + 3.0f * gap;
    const ImVec2 origin(pad.centre().x - pad_width * 0.5f, pad.centre().y - pad_height * 0.5f);
    auto cell = [&](int row, int column) {
        const ImVec2 min(origin.x + static_cast<float>(column) * (key_width + gap), origin.y + static_cast<float>(row) * (key_height + gap));
        return Rect{min, ImVec2(min.x + key_width, min.y + key_height)};
    };
    const bool enabled = screen.keys_enabled(ctx.host);
    const ButtonKind digit_kind = enabled ? ButtonKind::normal : ButtonKind::disabled;
    for (int digit = 1; digit <= 9; ++digit) {
        const std::string label(1, static_cast<char>('0' + digit));
        if (ctx.controls.button("pin:" + label, label, cell((digit - 1) / 3, (digit - 1) % 3), digit_kind, ctx.fonts.title))
            ctx.act(in::press_digit(digit));
    }
    if (ctx.controls.button("pin:erase", ctx.text(text::pin_erase), cell(3, 0),
                            enabled && screen.digit_count() > 0 ? ButtonKind::normal : ButtonKind::disabled, ctx.fonts.bold))
        ctx.act(in::backspace());
    if (ctx.controls.button("pin:0", "0", cell(3, 1), digit_kind, ctx.fonts.title))
        ctx.act(in::press_digit(0));
    if (ctx.controls.button("pin:ok", ctx.text(text::pin_ok), cell(3, 2),
                            screen.can_submit(ctx.host) ? ButtonKind::primary : ButtonKind::disabled, ctx.fonts.bold))
        ctx.act(in::submit());
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const PinScreen& screen, Rect area) {
    const float em = ctx.em;
    // Landscape screens: the pad takes the right, as tall as the screen allows; words and dots the left.
    const float pad_width = std::min(area.width() * 0.55f, 3.0f * 1.3f * kLargestKeyEm * em + 2.0f * kKeyGapEm * em);
    Rect pad = area.take_right(pad_width, 1.5f * em);
    draw_pad(ctx, screen, pad);

    Rect side = area;
    const std::string& cancel = ctx.text(text::pin_cancel);
    const Rect cancel_row = side.take_bottom(theme::touch_target_em * em, em);
    const float cancel_width = std::min(cancel_row.width(), std::max(text_width(ctx.fonts.bold, cancel) + 3.0f * em, 10.0f * em));
    if (ctx.controls.button("pin:cancel", cancel, Rect{cancel_row.min, ImVec2(cancel_row.min.x + cancel_width, cancel_row.max.y)},
                            ButtonKind::normal, ctx.fonts.bold))
        ctx.act(in::go_home());

    float y = draw_text_block(ctx.draw(), ctx.fonts.title, ctx.text(text::pin_title), side.min.x, side.min.y, side.width(), theme::text,
                              Align::left);
    y += 0.5f * em;
    draw_dots(ctx, screen, Rect{ImVec2(side.min.x, y), ImVec2(side.max.x, y + theme::touch_target_em * em)});
    y += theme::touch_target_em * em + 0.5f * em;
    const auto [said, colour] = message(ctx, screen);
    // A lock is the one thing the person must not miss: the countdown in large type.
    ImFont* font = screen.status(ctx.host) == PinScreen::Status::locked ? ctx.fonts.title : ctx.fonts.bold;
    ctx.draw().PushClipRect(ImVec2(side.min.x, y), side.max, true);
    draw_text_block(ctx.draw(), font, said, side.min.x, y, side.width(), colour, Align::left);
    ctx.draw().PopClipRect();
}

}  // namespace kiosk::ui
