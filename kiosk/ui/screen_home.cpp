// Home: language switch and cleaning lock on top, the confidence question, five faces, "ask a question".
#include "kiosk/ui/faces.hpp"
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <array>

namespace kiosk::ui {
namespace {

constexpr std::array<const char*, 5> kFaceLabels = {text::face_1, text::face_2, text::face_3, text::face_4, text::face_5};

void draw_top_bar(const ScreenContext& ctx, const Flow& flow, Rect bar) {
    const float em = ctx.em;
    ImFont* font = ctx.fonts.bold;

    const std::string& cleaning_label = ctx.text(text::home_cleaning_button);
    const Rect cleaning = bar.take_right(std::max(text_width(font, cleaning_label) + 2.5f * em, 8.0f * em), em);
    if (ctx.controls.button("cleaning", cleaning_label, cleaning, ButtonKind::cleaning, font))
        ctx.act(UiAction::Kind::start_cleaning);

    // Every language shows its own name ("Nederlands", "English"), so anyone can find theirs.
    for (const std::string& code : flow.config().languages) {
        const std::string& name = ctx.strings.get(code, text::language_name);
        const Rect button = bar.take_left(std::max(text_width(font, name) + 2.0f * em, 6.0f * em), 0.5f * em);
        const bool current = code == flow.language();
        if (ctx.controls.button("lang:" + code, name, button, current ? ButtonKind::selected : ButtonKind::normal, font) && !current)
            ctx.actions.push_back({UiAction::Kind::choose_language, 0, 0, 0, code});
    }
}

void draw_faces(const ScreenContext& ctx, Rect row) {
    const float em = ctx.em;
    const float column_width = row.width() / 5.0f;
    ImFont* label_font = ctx.fonts.body;
    // Labels may wrap to two lines in narrow columns; the face takes what is left.
    float label_height = 0.0f;
    for (const char* key : kFaceLabels)
        label_height = std::max(label_height, wrapped_height(label_font, ctx.text(key), column_width - 0.6f * em));
    const float radius = std::max(1.5f * em, std::min(column_width * 0.4f, (row.height() - label_height - 0.5f * em) * 0.5f));
    const float block_height = 2.0f * radius + 0.5f * em + label_height;
    const float top = row.min.y + std::max(0.0f, (row.height() - block_height) * 0.5f);

    for (int score = 1; score <= 5; ++score) {
        const float left = row.min.x + column_width * static_cast<float>(score - 1);
        const Rect column{ImVec2(left, top), ImVec2(left + column_width, top + block_height)};
        const std::string& label = ctx.text(kFaceLabels[score - 1]);
        bool pressed = false;
        if (ctx.controls.area("face:" + std::to_string(score), label, column, &pressed))
            ctx.act(UiAction::Kind::tap_face, static_cast<std::size_t>(score));
        if (pressed)
            ctx.draw().AddRectFilled(column.min, column.max, theme::surface, theme::corner_em * em);
        draw_face(ctx.draw(), ImVec2(column.centre().x, top + radius), radius, score, pressed);
        draw_text_block(ctx.draw(), label_font, label, left + 0.3f * em, top + 2.0f * radius + 0.5f * em, column_width - 0.6f * em,
                        theme::text, Align::centre);
    }
}

}  // namespace

void draw_home(const ScreenContext& ctx, const Flow& flow, Rect area) {
    const float em = ctx.em;
    draw_top_bar(ctx, flow, area.take_top(theme::touch_target_em * em, 0.6f * em));

    const std::string ask_label = ctx.text(text::home_ask_button) + "  \xC2\xB7  " + ctx.text(text::home_ask_hint);
    const float ask_width = std::max(text_width(ctx.fonts.bold, ask_label) + 3.0f * em, 16.0f * em);
    Rect ask_row = area.take_bottom(theme::touch_target_em * em, 0.6f * em);
    const Rect ask = ask_row.centred(ImVec2(std::min(ask_width, ask_row.width()), ask_row.height()));
    if (ctx.controls.button("ask", ask_label, ask, ButtonKind::normal, ctx.fonts.bold))
        ctx.act(UiAction::Kind::open_ask);

    const float inset = std::max(0.0f, area.width() * 0.06f);
    const Rect heading{ImVec2(area.min.x + inset, area.min.y), ImVec2(area.max.x - inset, area.max.y)};
    const float heading_height = draw_heading(ctx, heading, flow.config().question_text(flow.language()), ctx.text(text::home_tap_hint),
                                              theme::text);
    area.take_top(heading_height, 0.6f * em);
    draw_faces(ctx, area);
}

}  // namespace kiosk::ui
