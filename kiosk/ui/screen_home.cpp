// Home: language switch, countdown, cleaning lock and the ambassadors' entry on top; the question and five faces;
// the strip with the newest item; "ask a question" and the why, news, timeline, training and questions buttons at
// the bottom.
#include "kiosk/logic/content_text.hpp"
#include "kiosk/logic/screen_registry.hpp"
#include "kiosk/ui/faces.hpp"
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace kiosk::ui {
namespace {

using floorsync::content::Kind;

constexpr std::array<const char*, 5> kFaceLabels = {text::face_1, text::face_2, text::face_3, text::face_4, text::face_5};

// The strip's fixed height: one line. It never depends on the item, so the faces never move.
constexpr float kStripHeightEm = 2.0f;

// The ambassadors' mark: a figure with a badge, drawn, so it needs neither a glyph in the font nor words.
void draw_ambassador_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 colour) {
    draw.AddCircleFilled(ImVec2(centre.x, centre.y - size * 0.22f), size * 0.2f, colour, 24);
    draw.PathClear();
    draw.PathArcTo(ImVec2(centre.x, centre.y + size * 0.42f), size * 0.36f, IM_PI, 2.0f * IM_PI, 24);
    draw.PathFillConvex(colour);
    draw.AddCircleFilled(ImVec2(centre.x + size * 0.15f, centre.y + size * 0.3f), size * 0.08f, theme::accent, 12);
}

// The ambassadors' entry in the corner, in quiet colours and the body font: employees need not notice it,
// ambassadors know where it is. The mark and the word where the bar has room; the mark alone where the go-live
// countdown needs the room. Always the bar's full height and at least as wide, for a gloved finger.
void draw_ambassador_entry(const ScreenContext& ctx, Rect rect, bool with_label) {
    const float em = ctx.em;
    const std::string& label = ctx.text(text::questions_ambassador_button);
    bool pressed = false;
    if (ctx.controls.area("ambassador", label, rect, &pressed))
        ctx.act(in::open_screen(std::string(PinScreen::kName)));
    ImDrawList& draw = ctx.draw();
    draw.AddRectFilled(rect.min, rect.max, pressed ? theme::surface_pressed : theme::surface, theme::corner_em * em);
    draw.AddRect(rect.min, rect.max, theme::outline, theme::corner_em * em, 0, std::max(1.0f, std::round(0.08f * em)));
    const float mark = 1.6f * em;
    if (!with_label) {
        draw_ambassador_mark(draw, rect.centre(), mark, theme::text_muted);
        return;
    }
    draw_ambassador_mark(draw, ImVec2(rect.min.x + 0.6f * em + mark * 0.5f, rect.centre().y), mark, theme::text_muted);
    ctx.draw().AddText(ctx.fonts.body, ctx.fonts.body->FontSize,
                       ImVec2(rect.min.x + 0.6f * em + mark + 0.4f * em, rect.centre().y - ctx.fonts.body->FontSize * 0.5f), theme::text,
                       label.c_str());
}

// Language buttons on the left; the cleaning lock and the ambassadors' entry on the right; the go-live countdown in
// what is left between them.
void draw_top_bar(const ScreenContext& ctx, Rect bar) {
    const float em = ctx.em;
    ImFont* font = ctx.fonts.bold;
    const float gap = 0.5f * em;

    // Widths first: whether the ambassadors' entry may show its word depends on the room the countdown needs.
    const std::string& cleaning_label = ctx.text(text::home_cleaning_button);
    const float cleaning_width = std::max(text_width(font, cleaning_label) + 2.5f * em, 8.0f * em);
    float languages_width = 0.0f;
    for (const std::string& code : ctx.config().languages)
        languages_width += std::max(text_width(font, ctx.strings.get(code, text::language_name)) + 1.4f * em, 4.8f * em) + gap;
    const auto countdown = go_live_countdown(ctx.host);
    const std::string days = countdown ? countdown_text(ctx.strings, ctx.language, *countdown) : std::string();
    const float countdown_needs = countdown ? text_width(font, days) + 2.5f * em + gap : 0.0f;
    const float compact_width = theme::touch_target_em * em;
    const float full_width =
        std::max(compact_width, text_width(ctx.fonts.body, ctx.text(text::questions_ambassador_button)) + 1.6f * em + 1.8f * em);
    const float room_with_word = bar.width() - languages_width - cleaning_width - gap - full_width - gap;
    const bool with_word = room_with_word >= countdown_needs;
    draw_ambassador_entry(ctx, bar.take_right(with_word ? full_width : compact_width, gap), with_word);

    const Rect cleaning = bar.take_right(cleaning_width, gap);
    if (ctx.controls.button("cleaning", cleaning_label, cleaning, ButtonKind::cleaning, font))
        ctx.act(in::start_cleaning());

    // Every language shows its own name ("Nederlands", "English"), so anyone can find theirs.
    for (const std::string& code : ctx.config().languages) {
        const std::string& name = ctx.strings.get(code, text::language_name);
        const Rect button = bar.take_left(std::max(text_width(font, name) + 1.4f * em, 4.8f * em), gap);
        const bool current = code == ctx.language;
        if (ctx.controls.button("lang:" + code, name, button, current ? ButtonKind::selected : ButtonKind::normal, font) && !current)
            ctx.act(in::choose_language(code));
    }

    // The go-live countdown, in the room that is left; a tap opens the timeline.
    if (countdown) {
        // "Go-live · 12 days to go" on one line where it fits, else just "12 days to go".
        const std::string full = ctx.text(text::timeline_go_live) + " \xC2\xB7 " + days;
        const std::string& label = text_width(font, full) + 2.5f * em <= bar.width() - 0.5f * em ? full : days;
        const float width = std::min(bar.width() - 0.5f * em, text_width(font, label) + 2.5f * em);
        if (width >= 6.0f * em) {
            const Rect chip = bar.centred(ImVec2(width, bar.height()));
            if (ctx.controls.button("countdown", label, chip, ButtonKind::normal, font))
                ctx.act(in::open_screen(std::string(TimelineScreen::kName)));
        }
    }
}

// The size the face labels are drawn at: the body font, made smaller (down to 80 %) rather than wrapped, so a long
// label ("Very confident" in a narrow column) does not take a second line from every face.
float face_label_size(const ScreenContext& ctx, float label_width) {
    float widest = 0.0f;
    for (const char* key : kFaceLabels) widest = std::max(widest, text_width(ctx.fonts.body, ctx.text(key)));
    const float size = ctx.fonts.body->FontSize;
    return size * std::clamp(label_width / std::max(widest, 1.0f), 0.8f, 1.0f);
}

float face_label_height(const ScreenContext& ctx, float label_width) {
    const float size = face_label_size(ctx, label_width);
    float height = 0.0f;
    for (const char* key : kFaceLabels) height = std::max(height, wrapped_height(ctx.fonts.body, ctx.text(key), label_width, size));
    return height;
}

void draw_faces(const ScreenContext& ctx, Rect row) {
    const float em = ctx.em;
    const float column_width = row.width() / 5.0f;
    ImFont* label_font = ctx.fonts.body;
    const float label_width = column_width - 0.6f * em;
    const float label_size = face_label_size(ctx, label_width);
    const float label_height = face_label_height(ctx, label_width);
    // As large as the row allows; a floor keeps them tappable on the smallest screens.
    const float radius = std::max(1.2f * em, std::min(column_width * 0.4f, (row.height() - label_height - 0.5f * em) * 0.5f));
    const float block_height = 2.0f * radius + 0.5f * em + label_height;
    const float top = row.min.y + std::max(0.0f, (row.height() - block_height) * 0.5f);

    for (int score = 1; score <= 5; ++score) {
        const float left = row.min.x + column_width * static_cast<float>(score - 1);
        const Rect column{ImVec2(left, top), ImVec2(left + column_width, top + block_height)};
        const std::string& label = ctx.text(kFaceLabels[score - 1]);
        bool pressed = false;
        if (ctx.controls.area("face:" + std::to_string(score), label, column, &pressed))
            ctx.act(in::tap_face(score));
        if (pressed)
            ctx.draw().AddRectFilled(column.min, column.max, theme::surface, theme::corner_em * em);
        draw_face(ctx.draw(), ImVec2(column.centre().x, top + radius), radius, score, pressed);
        draw_text_block(ctx.draw(), label_font, label, left + 0.3f * em, top + 2.0f * radius + 0.5f * em, label_width, theme::text,
                        Align::centre, label_size);
    }
}

const char* strip_label_key(Kind kind) {
    switch (kind) {
    case Kind::you_said_we_did: return text::strip_you_said_we_did;
    case Kind::training: return text::strip_training;
    case Kind::why: return text::strip_why;
    default: return text::strip_announcement;
    }
}

std::string_view screen_for(Kind kind) {
    switch (kind) {
    case Kind::training: return TrainingScreen::kName;
    case Kind::why: return WhyScreen::kName;
    case Kind::milestone: return TimelineScreen::kName;
    default: return NewsScreen::kName;
    }
}

// One item at a time, on one line: its kind, then its title (with a training's day); a tap opens its screen.
void draw_strip(const ScreenContext& ctx, const HomeScreen& screen, Rect strip) {
    const float em = ctx.em;
    const floorsync::content::Item* item = screen.strip_item(ctx.host, ctx.now);
    if (!item)
        return;
    const auto& texts = floorsync::content::translation_for(*item, ctx.language);
    std::string title = texts.title;
    if (item->kind == Kind::training)
        if (const auto at = time_of(item->at))
            title = format_day(ctx.strings, ctx.language, *at) + " \xC2\xB7 " + title;
    const std::string& label = ctx.text(strip_label_key(item->kind));
    if (ctx.controls.area("strip", label + ": " + title, strip))
        ctx.act(in::open_screen(std::string(screen_for(item->kind))));
    ctx.draw().AddRectFilled(strip.min, strip.max, theme::surface, theme::corner_em * em);
    ctx.draw().AddRectFilled(strip.min, ImVec2(strip.min.x + 0.35f * em, strip.max.y), theme::accent, theme::corner_em * em,
                             ImDrawFlags_RoundCornersLeft);
    // "News  Title of the item…": the kind in the accent colour, then as much of the title as fits.
    const float left = strip.min.x + 1.0f * em;
    const float width = strip.width() - 2.0f * em;
    const float y = strip.min.y + (strip.height() - ctx.fonts.bold->FontSize) * 0.5f;
    const std::string kind = fit_line(ctx.fonts.body, label, width * 0.4f);
    const float kind_width = text_width(ctx.fonts.body, kind) + 0.8f * em;
    ctx.draw().PushClipRect(strip.min, strip.max, true);
    ctx.draw().AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(left, y), theme::accent, kind.c_str());
    ctx.draw().AddText(ctx.fonts.bold, ctx.fonts.bold->FontSize, ImVec2(left + kind_width, y), theme::text,
                       fit_line(ctx.fonts.bold, title, width - kind_width).c_str());
    ctx.draw().PopClipRect();
}

const char* nav_label_key(std::string_view screen) {
    if (screen == WhyScreen::kName) return text::home_nav_why;
    if (screen == NewsScreen::kName) return text::home_nav_news;
    if (screen == TimelineScreen::kName) return text::home_nav_timeline;
    if (screen == QuestionsScreen::kName) return text::questions_home_button;
    return text::home_nav_training;
}

// Questions & answers shows even before anything was answered: it is where answers will appear, and where someone
// holding a pickup code enters it (their own question may be new or answered privately, never in the list).
bool has_content(const VisibleContent& content, std::string_view screen) {
    if (screen == QuestionsScreen::kName) return true;
    if (screen == WhyScreen::kName) return !content.why.empty();
    if (screen == NewsScreen::kName) return !content.news.empty();
    if (screen == TimelineScreen::kName) return !content.milestones.empty();
    return !content.trainings.empty();
}

// "Ask a question" on the left; the content screens that have something to show, one button each, on the right.
// The content buttons get the width their longest label needs, as far as the row allows; the ask button keeps at
// least its short label ("Ask anonymously"), and shows the hint too where there is room.
void draw_bottom_row(const ScreenContext& ctx, Rect row) {
    const float em = ctx.em;
    const float gap = 0.5f * em;
    ImFont* font = ctx.fonts.bold;
    std::vector<std::string_view> screens;
    for (std::string_view name : content_screen_names())
        if (has_content(ctx.host.content(), name)) screens.push_back(name);

    const std::string full_label = ctx.text(text::home_ask_button) + "  \xC2\xB7  " + ctx.text(text::home_ask_hint);
    const std::string& short_label = ctx.text(text::home_ask_button_short);
    if (screens.empty()) {
        const float width = std::min(row.width(), std::max(text_width(font, full_label) + 3.0f * em, 16.0f * em));
        if (ctx.controls.button("ask", full_label, row.centred(ImVec2(width, row.height())), ButtonKind::normal, font))
            ctx.act(in::open_ask());
        return;
    }
    const float count = static_cast<float>(screens.size());
    float nav_width = 6.0f * em;
    for (std::string_view name : screens)
        nav_width = std::max(nav_width, text_width(font, ctx.text(nav_label_key(name))) + 2.0f * em);
    const float ask_short_width = text_width(font, short_label) + 2.5f * em;
    nav_width = std::min(nav_width, (row.width() - ask_short_width - gap * count) / count);
    const float ask_room = row.width() - count * (nav_width + gap);
    const bool full_fits = text_width(font, full_label) + 2.5f * em <= ask_room;
    const std::string& ask_label = full_fits ? full_label : short_label;
    const float ask_width = std::min(ask_room, std::max(text_width(font, ask_label) + 2.5f * em, 12.0f * em));
    const Rect ask{row.min, ImVec2(row.min.x + ask_width, row.max.y)};
    if (ctx.controls.button("ask", ask_label, ask, ButtonKind::normal, font))
        ctx.act(in::open_ask());

    for (auto it = screens.rbegin(); it != screens.rend(); ++it) {
        const Rect button = row.take_right(nav_width, gap);
        if (ctx.controls.button(std::string("open:") + std::string(*it), ctx.text(nav_label_key(*it)), button, ButtonKind::normal, font))
            ctx.act(in::open_screen(std::string(*it)));
    }
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const HomeScreen& screen, Rect area) {
    const float em = ctx.em;
    draw_top_bar(ctx, area.take_top(theme::touch_target_em * em, 0.6f * em));
    draw_bottom_row(ctx, area.take_bottom(theme::touch_target_em * em, 0.6f * em));
    if (!ctx.host.content().strip.empty())
        draw_strip(ctx, screen, area.take_bottom(kStripHeightEm * em, 0.4f * em));

    const float inset = std::max(0.0f, area.width() * 0.06f);
    const Rect heading{ImVec2(area.min.x + inset, area.min.y), ImVec2(area.max.x - inset, area.max.y)};
    // "Tap a face" goes first when the faces would otherwise shrink below a comfortable size (small screens with
    // the strip and the content buttons): the faces explain themselves, the question does not.
    const std::string& question = ctx.config().question_text(ctx.language);
    const float question_height = wrapped_height(ctx.fonts.title, question, heading.width());
    const float hint_height = 0.3f * em + wrapped_height(ctx.fonts.body, ctx.text(text::home_tap_hint), heading.width());
    const float label_height = face_label_height(ctx, area.width() / 5.0f - 0.6f * em);
    const float faces_room = area.height() - question_height - hint_height - 0.6f * em - label_height - 0.5f * em;
    const bool hint_fits = faces_room >= 2.0f * 2.0f * em;
    const float heading_height =
        draw_heading(ctx, heading, question, hint_fits ? ctx.text(text::home_tap_hint) : std::string(), theme::text);
    area.take_top(heading_height, 0.6f * em);
    draw_faces(ctx, area);
}

}  // namespace kiosk::ui
