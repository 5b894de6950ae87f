// The ambassador's screens: the queue (counts, order, a windowed list that stays fast with thousands of
// questions), one question with its actions, and the answer editor. Nothing here shows a kiosk or a time finer
// than the day: the questions do not carry them.
#include "kiosk/ui/content_frame.hpp"
#include "kiosk/ui/scroll_area.hpp"
#include "kiosk/ui/text_entry.hpp"
#include "kiosk/ui/theme.hpp"
#include "sync/shared/event_types.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

using floorsync::questions::State;
using floorsync::questions::View;
namespace action = floorsync::events::moderation_action;

constexpr float kRowPadEm = 0.5f;
constexpr float kRowGapEm = 0.4f;
constexpr float kChipHeightEm = 1.4f;

ImU32 chip_fill(State state) {
    switch (state) {
    case State::open: return theme::accent;
    case State::published: return theme::surface_pressed;
    case State::answered: return theme::ok;
    case State::answered_privately: return theme::tear;
    case State::dismissed: return theme::danger_surface;
    }
    return theme::surface_pressed;
}

ImU32 chip_text(State state) {
    return state == State::published || state == State::dismissed ? theme::text : theme::text_on_light;
}

// A state as a coloured chip whose right edge is at `right`; returns its left edge. The colour is never the only
// cue: the chip says the state in words.
float draw_chip(const ScreenContext& ctx, std::string_view label, ImU32 fill, ImU32 colour, float right, float top) {
    const float em = ctx.em;
    ImFont* font = ctx.fonts.bold;
    const float width = text_width(font, label) + 1.0f * em;
    const ImVec2 min(right - width, top), max(right, top + kChipHeightEm * em);
    ctx.draw().AddRectFilled(min, max, fill, 0.7f * em);
    ctx.draw().AddText(font, font->FontSize, ImVec2(min.x + 0.5f * em, top + (kChipHeightEm * em - font->FontSize) * 0.5f), colour,
                       label.data(), label.data() + label.size());
    return min.x;
}

float draw_state_chip(const ScreenContext& ctx, State state, float right, float top) {
    return draw_chip(ctx, ctx.text(state_key(state)), chip_fill(state), chip_text(state), right, top);
}

// Text that must stay inside one line of `rect`: shrunk a little when long, cut with "…" when still too long.
void draw_fitted(const ScreenContext& ctx, ImFont* font, std::string_view text, Rect rect, ImU32 colour, Align align = Align::left) {
    const float size = font->FontSize * std::clamp(rect.width() / std::max(text_width(font, text), 1.0f), 0.8f, 1.0f);
    const float scale = size / font->FontSize;
    const std::string line = fit_line(font, text, rect.width() / scale);
    const float width = text_width(font, line) * scale;
    float x = rect.min.x;
    if (align == Align::centre) x = rect.centre().x - width * 0.5f;
    if (align == Align::right) x = rect.max.x - width;
    ctx.draw().PushClipRect(rect.min, rect.max, true);
    ctx.draw().AddText(font, size, ImVec2(std::floor(x), std::floor(rect.min.y + (rect.height() - size) * 0.5f)), colour, line.c_str());
    ctx.draw().PopClipRect();
}

// The big "Lock" at the right of a bar: ends the session at once.
void draw_lock_button(const ScreenContext& ctx, Rect& bar) {
    const float em = ctx.em;
    const std::string& label = ctx.text(text::ambassador_lock);
    const Rect button = bar.take_right(std::max(text_width(ctx.fonts.bold, label) + 3.0f * em, 9.0f * em), em);
    if (ctx.controls.button("lock", label, button, ButtonKind::danger, ctx.fonts.bold)) ctx.act(in::lock());
}

// A saved action, a refusal, or "Saving…", in one line; returns the area left.
void draw_notice(const ScreenContext& ctx, Rect& area, std::string_view said, ImU32 colour) {
    if (said.empty()) return;
    const Rect line = area.take_top(1.4f * ctx.em, 0.3f * ctx.em);
    draw_fitted(ctx, ctx.fonts.bold, said, line, colour);
}

std::string saved_text(const ScreenContext& ctx, const floorsync::AmbassadorSession& session) {
    return ctx.strings.format(ctx.language, text::ambassador_saved, {{"department", session.department}});
}

std::string votes_text(const ScreenContext& ctx, const View& question) {
    return ctx.strings.format(ctx.language, text::ambassador_votes, {{"count", std::to_string(question.votes)}});
}

// ---- the queue ----

// The text takes the left in at most two lines; the state chip and "today · 3 × me too" stand on the right.
float row_height(const ScreenContext& ctx) {
    const float text = 2.0f * ctx.fonts.body->FontSize;
    const float side = kChipHeightEm * ctx.em + 0.2f * ctx.em + ctx.fonts.body->FontSize;
    return std::max(text, side) + 2.0f * kRowPadEm * ctx.em;
}

float side_width(const ScreenContext& ctx, float row_width) { return std::min(14.0f * ctx.em, row_width * 0.4f); }

void draw_row(const ScreenContext& ctx, const View& question, Rect row) {
    const float em = ctx.em;
    bool pressed = false;
    // A row cut by the list's edge is tappable only while a finger-sized part of it shows.
    const float clip_top = ctx.draw().GetClipRectMin().y, clip_bottom = ctx.draw().GetClipRectMax().y;
    const float showing = std::min(row.max.y, clip_bottom) - std::max(row.min.y, clip_top);
    if (showing >= theme::touch_target_em * em &&
        ctx.controls.area("question:" + question.id, fit_line(ctx.fonts.body, question.text, 30.0f * em), row, &pressed))
        ctx.act(in::open_question(question.id));
    ctx.draw().AddRectFilled(row.min, row.max, pressed ? theme::surface_pressed : theme::surface, theme::corner_em * em);
    const Rect inner = row.shrunk(kRowPadEm * em);

    const float side = side_width(ctx, inner.width());
    const float text_width_px = inner.width() - side - em;

    // The text in at most two lines; a longer one ends in "…" (the question screen shows all of it).
    ImFont* font = ctx.fonts.body;
    const std::vector<std::string_view> lines = wrap_lines(font, question.text, text_width_px);
    const std::size_t shown = std::min<std::size_t>(lines.size(), 2);
    float y = inner.min.y + (inner.height() - static_cast<float>(shown) * font->FontSize) * 0.5f;
    for (std::size_t i = 0; i < shown; ++i) {
        const std::string line = i == 1 && lines.size() > 2 ? fit_line(font, std::string(lines[i]) + "\xE2\x80\xA6", text_width_px)
                                                            : std::string(lines[i]);
        ctx.draw().AddText(font, font->FontSize, ImVec2(inner.min.x, y), theme::text, line.c_str());
        y += font->FontSize;
    }
    draw_state_chip(ctx, question.state, inner.max.x, inner.min.y);
    const std::string meta = age_text(ctx.strings, ctx.language, question.day, ctx.host.wall_now()) + "  \xC2\xB7  " + votes_text(ctx, question);
    draw_fitted(ctx, ctx.fonts.body, meta, Rect{ImVec2(inner.max.x - side, inner.max.y - font->FontSize), inner.max}, theme::text_muted,
                Align::right);
}

void draw_queue_header(const ScreenContext& ctx, const AmbassadorQueueScreen& screen, Rect& area) {
    const float em = ctx.em;
    const auto& session = screen.session();
    Rect bar = area.take_top(theme::touch_target_em * em, 0.5f * em);
    draw_lock_button(ctx, bar);
    const float title_height = ctx.fonts.title->FontSize;
    draw_fitted(ctx, ctx.fonts.title, ctx.strings.format(ctx.language, text::ambassador_title, {{"department", session.department}}),
                Rect{bar.min, ImVec2(bar.max.x, bar.min.y + title_height)}, theme::text);
    const auto minutes = std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::minutes>(screen.idle_timeout(ctx.host).value_or(std::chrono::seconds(120))).count());
    const std::string who = ctx.strings.format(ctx.language, text::ambassador_signed_in, {{"name", session.name}}) + "  \xC2\xB7  " +
                            ctx.strings.format(ctx.language, text::ambassador_auto_lock, {{"minutes", std::to_string(minutes)}});
    draw_fitted(ctx, ctx.fonts.body, who, Rect{ImVec2(bar.min.x, bar.min.y + title_height), bar.max}, theme::text_muted);

    // The order toggle, and the counts per state beside it.
    Rect row = area.take_top(theme::touch_target_em * em, 0.5f * em);
    static constexpr const char* order_keys[kQueueOrders] = {text::ambassador_sort_newest, text::ambassador_sort_oldest,
                                                              text::ambassador_sort_votes};
    float widest = 0.0f;
    for (const char* key : order_keys) widest = std::max(widest, text_width(ctx.fonts.bold, ctx.text(key)));
    const float button_width = std::clamp(widest + 1.5f * em, 6.0f * em, row.width() * 0.6f / static_cast<float>(kQueueOrders));
    for (std::size_t i = 0; i < kQueueOrders; ++i) {
        const bool selected = index_of(screen.queue().order()) == i;
        if (ctx.controls.button("sort:" + std::to_string(i), ctx.text(order_keys[i]), row.take_left(button_width, 0.4f * em),
                                selected ? ButtonKind::selected : ButtonKind::normal, ctx.fonts.bold) && !selected)
            ctx.act(in::choose_sort(i));
    }
    row.take_left(0.6f * em);
    std::string counts;
    for (State state : kQuestionStates) {
        if (!counts.empty()) counts += "  \xC2\xB7  ";
        std::string one = ctx.strings.format(ctx.language, text::ambassador_state_count,
                                             {{"state", ctx.text(state_key(state))}, {"count", std::to_string(screen.queue().count(state))}});
        // One count never breaks across lines ("Answered privately: 1"): its spaces do not break.
        for (std::size_t at = one.find(' '); at != std::string::npos; at = one.find(' ', at + 2)) one.replace(at, 1, "\xC2\xA0");
        counts += one;
    }
    ImFont* font = ctx.fonts.body;
    const float size = font->FontSize * std::clamp(row.height() / std::max(wrapped_height(font, counts, row.width()), 1.0f), 0.75f, 1.0f);
    const float height = wrapped_height(font, counts, row.width(), size);
    ctx.draw().PushClipRect(row.min, row.max, true);
    draw_text_block(ctx.draw(), font, counts, row.min.x, row.min.y + std::max(0.0f, (row.height() - height) * 0.5f), row.width(),
                    theme::text_muted, Align::left, size);
    ctx.draw().PopClipRect();
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const AmbassadorQueueScreen& screen, Rect area) {
    const float em = ctx.em;
    draw_queue_header(ctx, screen, area);
    if (screen.just_saved()) draw_notice(ctx, area, saved_text(ctx, screen.session()), theme::ok);

    const auto& rows = screen.queue().rows();
    if (rows.empty()) {
        const std::string note = ctx.strings.format(ctx.language, text::ambassador_empty, {{"department", screen.session().department}});
        const float height = wrapped_height(ctx.fonts.body, note, area.width());
        draw_text_block(ctx.draw(), ctx.fonts.body, note, area.min.x, area.centre().y - height * 0.5f, area.width(), theme::text_muted,
                        Align::centre);
        return;
    }
    // Every row has the same height, so only the rows inside the viewport are laid out and drawn: thousands of
    // questions cost what a screenful does.
    ScrollArea list(ctx, area, screen.scroll_em());
    const float step = row_height(ctx) + kRowGapEm * em;
    const float offset = area.min.y - list.top();
    const std::size_t first = static_cast<std::size_t>(std::max(0.0f, std::floor(offset / step)));
    const std::size_t last = std::min(rows.size(), static_cast<std::size_t>(std::ceil((offset + area.height()) / step)) + 1);
    const float width = area.width() - 0.8f * em;  // room for the position bar
    for (std::size_t i = first; i < last; ++i) {
        const float top = list.top() + static_cast<float>(i) * step;
        draw_row(ctx, *rows[i], Rect{ImVec2(area.min.x, top), ImVec2(area.min.x + width, top + row_height(ctx))});
    }
    list.finish(list.top() + static_cast<float>(rows.size()) * step - kRowGapEm * em);
}

// ---- one question ----

namespace {

void draw_actions(const ScreenContext& ctx, const AmbassadorQuestionScreen& screen, Rect row) {
    const float em = ctx.em;
    const float gap = 0.5f * em;
    using Step = AmbassadorQuestionScreen::Step;
    if (screen.step() == Step::confirming_dismiss) {
        const std::string& keep = ctx.text(text::ambassador_dismiss_keep);
        const std::string& yes = ctx.text(text::ambassador_dismiss_yes);
        const float width = std::min(row.width() * 0.25f, std::max(text_width(ctx.fonts.bold, yes), text_width(ctx.fonts.bold, keep)) + 3.0f * em);
        // "Yes" sits where no action button was: a second tap on "Dismiss" cannot confirm by accident.
        if (ctx.controls.button("dismiss:keep", keep, row.take_left(width, gap), ButtonKind::normal, ctx.fonts.bold)) ctx.act(in::back());
        if (ctx.controls.button("dismiss:yes", yes, row.take_right(width, gap), ButtonKind::danger, ctx.fonts.bold)) ctx.act(in::submit());
        ctx.draw().PushClipRect(row.min, row.max, true);
        const std::string& ask = ctx.text(text::ambassador_dismiss_confirm);
        const float height = wrapped_height(ctx.fonts.bold, ask, row.width());
        draw_text_block(ctx.draw(), ctx.fonts.bold, ask, row.min.x, row.min.y + std::max(0.0f, (row.height() - height) * 0.5f), row.width(),
                        theme::warning, Align::centre);
        ctx.draw().PopClipRect();
        return;
    }
    struct Button {
        const char* id;
        const char* label;
        bool shown;
        ButtonKind kind;
    };
    const bool busy = screen.step() == Step::saving;
    const Button buttons[] = {
        {action::answer, screen.has_public_answer() ? text::ambassador_action_edit : text::ambassador_action_answer, true, ButtonKind::primary},
        {action::answer_private, text::ambassador_action_answer_private, screen.can_answer_privately(), ButtonKind::normal},
        {action::publish, text::ambassador_action_publish, screen.can_publish(), ButtonKind::normal},
        {action::dismiss, text::ambassador_action_dismiss, screen.can_dismiss(), ButtonKind::danger},
    };
    const float shown = static_cast<float>(std::count_if(std::begin(buttons), std::end(buttons), [](const Button& b) { return b.shown; }));
    const float width = std::min(16.0f * em, (row.width() - gap * (shown - 1.0f)) / shown);
    for (const Button& button : buttons) {
        if (!button.shown) continue;
        if (ctx.controls.button(std::string("moderate:") + button.id, ctx.text(button.label), row.take_left(width, gap),
                                busy || !screen.question() ? ButtonKind::disabled : button.kind, ctx.fonts.bold))
            ctx.act(in::moderate(button.id));
    }
}

float draw_question_body(const ScreenContext& ctx, const View& question, float left, float top, float width) {
    const float em = ctx.em;
    float y = draw_text_block(ctx.draw(), ctx.fonts.title, question.text, left, top, width, theme::text, Align::left);
    y += 0.5f * em;
    draw_state_chip(ctx, question.state, left + width, y);
    const std::string asked = ctx.strings.format(ctx.language, text::ambassador_asked,
                                                 {{"age", age_text(ctx.strings, ctx.language, question.day, ctx.host.wall_now())},
                                                  {"day", day_text(ctx.strings, ctx.language, question.day)}});
    const std::string department = question.department.empty()
                                       ? ctx.text(text::ambassador_organisation_wide)
                                       : ctx.strings.format(ctx.language, text::ambassador_department, {{"department", question.department}});
    const std::string meta = asked + "  \xC2\xB7  " + department + "  \xC2\xB7  " + votes_text(ctx, question);
    y = draw_text_block(ctx.draw(), ctx.fonts.body, meta, left, y + 0.2f * em, width - 12.0f * em, theme::text_muted, Align::left);
    y = std::max(y, top) + 0.8f * em;

    if (question.state == State::answered && !question.answer.empty()) {
        y = draw_text_block(ctx.draw(), ctx.fonts.bold,
                            ctx.strings.format(ctx.language, text::ambassador_answer_by, {{"name", question.answer_by}}), left, y, width,
                            theme::accent, Align::left);
        y = draw_text_block(ctx.draw(), ctx.fonts.body, question.answer, left, y + 0.2f * em, width, theme::text, Align::left);
    } else if (question.state == State::answered_privately || !question.answer_sealed.empty()) {
        // Sealed to the asker's pickup code: nobody else, this ambassador included, can read it.
        y = draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::ambassador_private_note), left, y, width, theme::text_muted, Align::left);
    } else {
        y = draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::ambassador_no_answer), left, y, width, theme::text_muted, Align::left);
    }
    return y;
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const AmbassadorQuestionScreen& screen, Rect area) {
    const float em = ctx.em;
    Rect bar = area.take_top(theme::touch_target_em * em, 0.5f * em);
    const std::string& back = ctx.text(text::ambassador_back);
    if (ctx.controls.button("back", back, bar.take_left(std::max(text_width(ctx.fonts.bold, back) + 2.5f * em, 9.0f * em), em),
                            ButtonKind::normal, ctx.fonts.bold))
        ctx.act(in::back());
    draw_lock_button(ctx, bar);
    draw_fitted(ctx, ctx.fonts.body, ctx.strings.format(ctx.language, text::ambassador_signed_in, {{"name", screen.session().name}}), bar,
                theme::text_muted, Align::centre);

    if (screen.step() == AmbassadorQuestionScreen::Step::saving)
        draw_notice(ctx, area, ctx.text(text::ambassador_saving), theme::text);
    else if (!screen.save_error().empty())
        draw_notice(ctx, area, ctx.strings.format(ctx.language, text::ambassador_not_saved, {{"detail", screen.save_error()}}), theme::danger);
    else if (screen.just_saved())
        draw_notice(ctx, area, saved_text(ctx, screen.session()), theme::ok);

    const Rect actions = area.take_bottom(theme::touch_target_em * em, 0.8f * em);
    draw_actions(ctx, screen, actions);

    const View* question = screen.question();
    if (!question) {
        const std::string& gone = ctx.text(text::ambassador_question_gone);
        draw_text_block(ctx.draw(), ctx.fonts.body, gone, area.min.x, area.centre().y - em, area.width(), theme::text_muted, Align::centre);
        return;
    }
    const Rect column = reading_column(area, em);
    ScrollArea scroll(ctx, column, screen.scroll_em());
    const float bottom = draw_question_body(ctx, *question, column.min.x, scroll.top(), column.width() - 0.8f * em);
    scroll.finish(bottom);
}

// ---- the answer editor ----

void draw_screen(const ScreenContext& ctx, const AnswerScreen& screen, Rect area) {
    const float em = ctx.em;
    ImFont* bold = ctx.fonts.bold;
    Rect bar = area.take_top(theme::touch_target_em * em, 0.2f * em);
    const std::string& cancel = ctx.text(text::ambassador_cancel);
    const std::string& save = ctx.text(screen.saving() ? text::ambassador_saving : text::ambassador_save);
    const float button_width = std::clamp(std::max(text_width(bold, cancel), text_width(bold, save)) + 3.0f * em, 8.0f * em, bar.width() * 0.3f);
    if (ctx.controls.button("cancel", cancel, bar.take_left(button_width, em), ButtonKind::normal, bold)) ctx.act(in::back());
    if (ctx.controls.button("save", save, bar.take_right(button_width, em), screen.can_save() ? ButtonKind::primary : ButtonKind::disabled,
                            bold))
        ctx.act(in::submit());

    // Public or private, in colour and in words, above the question it answers.
    const bool privately = screen.privately();
    const std::string& kind = ctx.text(privately ? text::ambassador_answer_private_title : text::ambassador_answer_public_title);
    const float chip_top = bar.min.y + 0.1f * em;
    const float chip_right = bar.centre().x + (text_width(bold, kind) + em) * 0.5f;
    draw_chip(ctx, kind, privately ? theme::tear : theme::accent, theme::text_on_light, chip_right, chip_top);
    draw_fitted(ctx, ctx.fonts.body, screen.question().text, Rect{ImVec2(bar.min.x, chip_top + kChipHeightEm * em + 0.1f * em), bar.max},
                theme::text_muted, Align::centre);

    const float box_height = 3.0f * ctx.fonts.body->FontSize + 0.6f * em;
    draw_text_box(ctx, screen.editor().text(), ctx.text(text::ambassador_answer_placeholder), area.take_top(box_height, 0.1f * em));

    // The line under the box: what went wrong, else who will read it; and how much room is left.
    Rect line = area.take_top(1.1f * em, 0.2f * em);
    const std::string counter = ctx.strings.format_count(ctx.language, text::ask_remaining_one, text::ask_remaining_other,
                                                         static_cast<std::int64_t>(screen.editor().remaining()));
    const Rect counter_rect = line.take_right(text_width(ctx.fonts.body, counter), em);
    draw_fitted(ctx, ctx.fonts.body, counter, counter_rect, screen.editor().remaining() < 20 ? theme::warning : theme::text_muted, Align::right);
    std::string said;
    ImU32 colour = theme::text_muted;
    switch (screen.problem()) {
    case AnswerScreen::Problem::empty: said = ctx.text(text::ambassador_answer_empty); colour = theme::warning; break;
    case AnswerScreen::Problem::refused:
        said = ctx.strings.format(ctx.language, text::ambassador_answer_refused, {{"detail", screen.detail()}});
        colour = theme::danger;
        break;
    case AnswerScreen::Problem::not_saved:
        said = ctx.strings.format(ctx.language, text::ambassador_not_saved, {{"detail", screen.detail()}});
        colour = theme::danger;
        break;
    case AnswerScreen::Problem::none:
        if (screen.last_insert_result() == InsertResult::refused_limit) {
            said = ctx.text(text::ask_limit_reached);
            colour = theme::warning;
        } else if (privately) {
            said = ctx.text(text::ambassador_answer_private_hint);
        } else {
            said = ctx.strings.format(ctx.language, text::ambassador_answer_public_hint,
                                      {{"department", screen.question().department}, {"name", screen.session().name}});
        }
        break;
    }
    draw_fitted(ctx, ctx.fonts.body, said, line, colour);

    draw_keyboard(ctx, screen.keyboard(), area, screen.can_save(), ctx.text(text::ambassador_save));
}

}  // namespace kiosk::ui
