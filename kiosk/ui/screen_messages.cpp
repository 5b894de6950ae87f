// The screens that mostly say something: saving, thank-you (with the pickup code after a question), store error,
// cleaning lock.
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"
#include "sync/shared/pickup_code.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

void draw_check_badge(ImDrawList& draw, ImVec2 centre, float radius) {
    draw.AddCircleFilled(centre, radius, theme::ok, 48);
    const float stroke = radius * 0.16f;
    const ImVec2 points[3] = {ImVec2(centre.x - radius * 0.45f, centre.y + radius * 0.02f),
                              ImVec2(centre.x - radius * 0.12f, centre.y + radius * 0.35f),
                              ImVec2(centre.x + radius * 0.5f, centre.y - radius * 0.32f)};
    draw.AddPolyline(points, 3, theme::text_on_light, 0, stroke);
}

void draw_warning_badge(ImDrawList& draw, ImVec2 centre, float radius) {
    const ImVec2 a(centre.x, centre.y - radius), b(centre.x + radius * 0.95f, centre.y + radius * 0.75f),
        c(centre.x - radius * 0.95f, centre.y + radius * 0.75f);
    draw.AddTriangleFilled(a, b, c, theme::warning);
    const float stroke = radius * 0.16f;
    draw.AddLine(ImVec2(centre.x, centre.y - radius * 0.45f), ImVec2(centre.x, centre.y + radius * 0.2f), theme::text_on_light, stroke);
    draw.AddCircleFilled(ImVec2(centre.x, centre.y + radius * 0.48f), stroke * 0.6f, theme::text_on_light, 12);
}

const char* thanks_body_key(Subject subject) {
    switch (subject) {
    case Subject::reasons: return text::thanks_reasons;
    case Subject::question: return text::thanks_question;
    default: return text::thanks_rating;
    }
}

// The text block is centred vertically in `area`, under a badge of `badge_radius`.
float centred_block_top(const ScreenContext& ctx, Rect area, float badge_radius, float text_height) {
    const float total = 2.0f * badge_radius + ctx.em + text_height;
    return area.min.y + std::max(0.0f, (area.height() - total) * 0.5f);
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const SavingScreen&, Rect area) {
    const std::string& title = ctx.text(text::saving_title);
    const float height = wrapped_height(ctx.fonts.title, title, area.width());
    draw_text_block(ctx.draw(), ctx.fonts.title, title, area.min.x, area.centre().y - height * 0.5f, area.width(), theme::text_muted,
                    Align::centre);
}

namespace {

// The pickup code as it is copied by hand: each symbol in a cell of its own, four and four, large.
void draw_pickup_code(const ScreenContext& ctx, const std::string& code, float centre_x, float top, float size) {
    ImFont* font = ctx.fonts.title;
    const float em = ctx.em;
    float cell = 0.0f;
    for (const char symbol : floorsync::pickup::alphabet) {
        const char text[2] = {symbol, '\0'};
        cell = std::max(cell, font->CalcTextSizeA(size, FLT_MAX, 0.0f, text).x);
    }
    cell += 0.35f * em;
    const std::string grouped = floorsync::pickup::format(code);
    const float dash = 0.6f * cell;
    float width = 0.0f;
    for (const char c : grouped) width += c == '-' ? dash : cell;
    const float pad = 0.6f * em;
    const ImVec2 box_min(centre_x - width * 0.5f - pad, top), box_max(centre_x + width * 0.5f + pad, top + size + 2.0f * pad);
    ctx.draw().AddRectFilled(box_min, box_max, theme::surface, theme::corner_em * em);
    ctx.draw().AddRect(box_min, box_max, theme::accent, theme::corner_em * em, 0, std::max(1.0f, std::round(0.1f * em)));
    float x = centre_x - width * 0.5f;
    for (const char c : grouped) {
        const float w = c == '-' ? dash : cell;
        const char text[2] = {c, '\0'};
        const float glyph = font->CalcTextSizeA(size, FLT_MAX, 0.0f, text).x;
        ctx.draw().AddText(font, size, ImVec2(std::floor(x + (w - glyph) * 0.5f), top + pad), c == '-' ? theme::text_muted : theme::accent,
                           text);
        x += w;
    }
}

float pickup_code_height(const ScreenContext& ctx, float size) { return size + 1.2f * ctx.em; }

// After a question with a code: the code, what it is for, and "Done"; nothing closes it by accident.
void draw_thanks_with_code(const ScreenContext& ctx, const ThankYouScreen& screen, Rect area) {
    const float em = ctx.em;
    Rect button_row = area.take_bottom(theme::touch_target_em * em, em);
    const std::string& done = ctx.text(text::pickup_done);
    const Rect button = button_row.centred(
        ImVec2(std::min(button_row.width(), std::max(text_width(ctx.fonts.bold, done) + 4.0f * em, 14.0f * em)), button_row.height()));
    if (ctx.controls.button("thanks_done", done, button, ButtonKind::primary, ctx.fonts.bold))
        ctx.act(in::close_thank_you());

    const std::string& title = ctx.text(text::thanks_title);
    const std::string& body = ctx.text(text::thanks_question);
    const std::string& code_title = ctx.text(text::pickup_code_title);
    const std::string& hint = ctx.text(text::pickup_code_hint);
    const std::string& once = ctx.text(text::pickup_code_once);
    const float width = std::min(area.width(), 40.0f * em);
    const float left = area.centre().x - width * 0.5f;
    const float code_size = ctx.fonts.title->FontSize * 1.6f;
    const float text_height = wrapped_height(ctx.fonts.title, title, width) + 0.4f * em + wrapped_height(ctx.fonts.body, body, width) +
                              1.2f * em + wrapped_height(ctx.fonts.bold, code_title, width) + 0.4f * em +
                              pickup_code_height(ctx, code_size) + 0.6f * em + wrapped_height(ctx.fonts.bold, hint, width) +
                              0.3f * em + wrapped_height(ctx.fonts.body, once, width);
    const float radius = std::clamp((area.height() - text_height - em) * 0.5f, 0.0f, 2.0f * em);
    const float top = centred_block_top(ctx, area, radius, text_height);
    float y = top;
    if (radius >= em) {
        draw_check_badge(ctx.draw(), ImVec2(area.centre().x, top + radius), radius);
        y += 2.0f * radius + em;
    }
    y = draw_text_block(ctx.draw(), ctx.fonts.title, title, left, y, width, theme::text, Align::centre);
    y = draw_text_block(ctx.draw(), ctx.fonts.body, body, left, y + 0.4f * em, width, theme::text_muted, Align::centre);
    y = draw_text_block(ctx.draw(), ctx.fonts.bold, code_title, left, y + 1.2f * em, width, theme::text, Align::centre);
    draw_pickup_code(ctx, screen.pickup_code(), area.centre().x, y + 0.4f * em, code_size);
    y += 0.4f * em + pickup_code_height(ctx, code_size);
    y = draw_text_block(ctx.draw(), ctx.fonts.bold, hint, left, y + 0.6f * em, width, theme::text, Align::centre);
    draw_text_block(ctx.draw(), ctx.fonts.body, once, left, y + 0.3f * em, width, theme::text_muted, Align::centre);
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const ThankYouScreen& screen, Rect area) {
    const float em = ctx.em;
    if (screen.waits_for_done()) {
        draw_thanks_with_code(ctx, screen, area);
        return;
    }
    // The whole screen is one target: any tap goes home early.
    if (ctx.controls.area("thanks", ctx.text(text::thanks_tap_to_close), area))
        ctx.act(in::close_thank_you());

    const Rect hint = area.take_bottom(1.6f * em, em);
    draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::thanks_tap_to_close), hint.min.x, hint.min.y, hint.width(),
                    theme::text_muted, Align::centre);

    const std::string& title = ctx.text(text::thanks_title);
    std::string body = ctx.text(thanks_body_key(screen.subject()));
    // Said plainly: without a code, the asker cannot look the answer up themselves.
    if (screen.question_without_code()) body += "\n\n" + ctx.text(text::pickup_no_code);
    const float width = std::min(area.width(), 36.0f * em);
    const float left = area.centre().x - width * 0.5f;
    const float text_height = wrapped_height(ctx.fonts.title, title, width) + 0.6f * em + wrapped_height(ctx.fonts.body, body, width);
    const float radius = std::min(3.0f * em, area.height() * 0.18f);
    const float top = centred_block_top(ctx, area, radius, text_height);
    draw_check_badge(ctx.draw(), ImVec2(area.centre().x, top + radius), radius);
    float y = draw_text_block(ctx.draw(), ctx.fonts.title, title, left, top + 2.0f * radius + em, width, theme::text, Align::centre);
    draw_text_block(ctx.draw(), ctx.fonts.body, body, left, y + 0.6f * em, width, theme::text, Align::centre);
}

void draw_screen(const ScreenContext& ctx, const StoreErrorScreen& screen, Rect area) {
    const float em = ctx.em;
    Rect button_row = area.take_bottom(theme::touch_target_em * em, em);
    const std::string& back = ctx.text(text::error_back);
    const Rect button = button_row.centred(ImVec2(std::min(button_row.width(), std::max(text_width(ctx.fonts.bold, back) + 4.0f * em, 14.0f * em)),
                                                  button_row.height()));
    if (ctx.controls.button("error_back", back, button, ButtonKind::primary, ctx.fonts.bold))
        ctx.act(in::dismiss_error());

    const std::string& title = ctx.text(text::error_title);
    std::string body = ctx.text(text::error_body);
    if (screen.subject() == Subject::question)
        body += "\n" + ctx.text(text::error_question_kept);
    const std::string detail = screen.detail().empty()
                                   ? std::string()
                                   : ctx.strings.format(ctx.language, text::error_detail, {{"detail", screen.detail()}});

    const float width = std::min(area.width(), 40.0f * em);
    const float left = area.centre().x - width * 0.5f;
    const float text_height = wrapped_height(ctx.fonts.title, title, width) + 0.6f * em + wrapped_height(ctx.fonts.body, body, width) +
                              (detail.empty() ? 0.0f : em + wrapped_height(ctx.fonts.body, detail, width));
    const float radius = std::min(2.6f * em, area.height() * 0.15f);
    const float top = centred_block_top(ctx, area, radius, text_height);
    draw_warning_badge(ctx.draw(), ImVec2(area.centre().x, top + radius), radius);
    float y = draw_text_block(ctx.draw(), ctx.fonts.title, title, left, top + 2.0f * radius + em, width, theme::danger, Align::centre);
    y = draw_text_block(ctx.draw(), ctx.fonts.body, body, left, y + 0.6f * em, width, theme::text, Align::centre);
    if (!detail.empty())
        draw_text_block(ctx.draw(), ctx.fonts.body, detail, left, y + em, width, theme::text_muted, Align::centre);
}

void draw_screen(const ScreenContext& ctx, const CleaningScreen& screen, Rect area) {
    const float em = ctx.em;
    const int seconds = screen.seconds_left(ctx.host, ctx.now);
    const int total = std::max<int>(1, static_cast<int>(ctx.config().cleaning_lock_duration.count()));

    const std::string& title = ctx.text(text::cleaning_title);
    const std::string& body = ctx.text(text::cleaning_body);
    const std::string countdown = ctx.strings.format_count(ctx.language, text::cleaning_seconds_one, text::cleaning_seconds_other, seconds);
    const float width = std::min(area.width(), 40.0f * em);
    const float left = area.centre().x - width * 0.5f;
    const float radius = std::min(4.0f * em, area.height() * 0.2f);
    const float text_height = wrapped_height(ctx.fonts.title, title, width) + 0.6f * em + wrapped_height(ctx.fonts.body, body, width) +
                              em + ctx.fonts.title->FontSize;
    const float top = centred_block_top(ctx, area, radius, text_height);

    // A ring that empties as the lock runs out, with the seconds in the middle.
    const ImVec2 centre(area.centre().x, top + radius);
    const float stroke = 0.5f * em;
    ctx.draw().AddCircle(centre, radius - stroke * 0.5f, theme::surface_pressed, 64, stroke);
    const float fraction = std::clamp(static_cast<float>(seconds) / static_cast<float>(total), 0.0f, 1.0f);
    if (fraction > 0.0f) {
        ctx.draw().PathClear();
        ctx.draw().PathArcTo(centre, radius - stroke * 0.5f, -IM_PI * 0.5f, -IM_PI * 0.5f + 2.0f * IM_PI * fraction, 64);
        ctx.draw().PathStroke(theme::text, 0, stroke);
    }
    const std::string number = std::to_string(seconds);
    const float number_width = text_width(ctx.fonts.title, number);
    ctx.draw().AddText(ctx.fonts.title, ctx.fonts.title->FontSize,
                       ImVec2(centre.x - number_width * 0.5f, centre.y - ctx.fonts.title->FontSize * 0.5f), theme::text, number.c_str());

    float y = draw_text_block(ctx.draw(), ctx.fonts.title, title, left, top + 2.0f * radius + em, width, theme::text, Align::centre);
    y = draw_text_block(ctx.draw(), ctx.fonts.body, body, left, y + 0.6f * em, width, theme::text, Align::centre);
    draw_text_block(ctx.draw(), ctx.fonts.title, countdown, left, y + em, width, theme::text, Align::centre);
}

}  // namespace kiosk::ui
