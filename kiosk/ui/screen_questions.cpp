// Questions and answers (cards with "I have this question too"), pickup code entry (a keypad of the code's symbols)
// and a pickup code's result.
#include "kiosk/ui/content_frame.hpp"
#include "kiosk/ui/scroll_area.hpp"
#include "kiosk/ui/theme.hpp"
#include "sync/shared/pickup_code.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

using floorsync::questions::State;
using floorsync::questions::View;

std::string department_label(const ScreenContext& ctx, const std::string& department) {
    return department.empty() ? ctx.text(text::questions_everyone) : department;
}

// The answer under a question: its text, then "— Name, ambassador".
float draw_answer(const ScreenContext& ctx, const std::string& answer, const std::string& by, float left, float top, float width) {
    const float em = ctx.em;
    float bottom = draw_text_block(ctx.draw(), ctx.fonts.body, answer, left + 0.8f * em, top, width - 0.8f * em, theme::text, Align::left);
    ctx.draw().AddRectFilled(ImVec2(left, top), ImVec2(left + 0.25f * em, bottom), theme::ok, 0.1f * em);
    if (!by.empty())
        bottom = draw_text_block(ctx.draw(), ctx.fonts.body, ctx.strings.format(ctx.language, text::questions_answer_by, {{"name", by}}),
                                 left + 0.8f * em, bottom + 0.2f * em, width - 0.8f * em, theme::text_muted, Align::left);
    return bottom;
}

// "I have this question too" and what became of it in this visit.
float draw_vote_button(const ScreenContext& ctx, const QuestionsScreen& screen, const View& question, Rect button) {
    const std::string id = "vote:" + question.id;
    const auto vote = screen.vote(ctx.host, question.id);
    switch (vote) {
    case QuestionsScreen::Vote::none:
    case QuestionsScreen::Vote::failed:
        if (ctx.controls.button(id, ctx.text(text::questions_vote), button, ButtonKind::primary, ctx.fonts.bold))
            ctx.act(in::vote(question.id));
        if (vote == QuestionsScreen::Vote::failed)
            return draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::questions_vote_failed), button.min.x, button.max.y + 0.2f * ctx.em,
                                   button.width(), theme::danger, Align::centre);
        break;
    case QuestionsScreen::Vote::saving:
        ctx.controls.button(id, ctx.text(text::questions_vote_saving), button, ButtonKind::disabled, ctx.fonts.bold);
        break;
    case QuestionsScreen::Vote::given:
        ctx.controls.button(id, ctx.text(text::questions_voted), button, ButtonKind::selected, ctx.fonts.bold);
        break;
    }
    return button.max.y;
}

float draw_question_card(const ScreenContext& ctx, const QuestionsScreen& screen, const View& question, float left, float top,
                         float width) {
    const float em = ctx.em;
    return draw_card(ctx, left, top, width, theme::surface, [&](float x, float y, float inner) {
        const float button_width = std::min(12.0f * em, inner * 0.36f);
        const float text_room = inner - button_width - 0.8f * em;
        float bottom = draw_text_block(ctx.draw(), ctx.fonts.body, department_label(ctx, question.department), x, y, text_room,
                                       theme::text_muted, Align::left);
        bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, question.text, x, bottom, text_room, theme::text, Align::left);
        if (question.votes > 0)
            bottom = draw_text_block(ctx.draw(), ctx.fonts.body,
                                     ctx.strings.format_count(ctx.language, text::questions_votes_one, text::questions_votes_other, question.votes),
                                     x, bottom + 0.2f * em, text_room, theme::text_muted, Align::left);
        const Rect button{ImVec2(x + inner - button_width, y), ImVec2(x + inner, y + theme::touch_target_em * em)};
        bottom = std::max(bottom, draw_vote_button(ctx, screen, question, button));
        // The answer gets the card's whole width: it is what people came to read.
        if (question.state == State::answered)
            bottom = draw_answer(ctx, question.answer, question.answer_by, x, bottom + 0.5f * em, inner);
        else
            bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, ctx.text(text::questions_looking_into_it), x, bottom + 0.5f * em, inner,
                                     theme::accent, Align::left);
        return bottom;
    });
}

// A top bar: "back" on the left, then the title, made smaller rather than cut where the bar is short.
void draw_title_bar(const ScreenContext& ctx, Rect bar, const std::string& title, Input back) {
    const float em = ctx.em;
    ImFont* font = ctx.fonts.bold;
    const std::string& back_label = ctx.text(text::content_back);
    if (ctx.controls.button("back", back_label, bar.take_left(std::max(text_width(font, back_label) + 2.0f * em, 6.0f * em), em),
                            ButtonKind::normal, font))
        ctx.act(std::move(back));
    const float size = ctx.fonts.title->FontSize * std::clamp(bar.width() / std::max(text_width(ctx.fonts.title, title), 1.0f), 0.6f, 1.0f);
    const float height = wrapped_height(ctx.fonts.title, title, bar.width(), size);
    ctx.draw().PushClipRect(bar.min, bar.max, true);
    draw_text_block(ctx.draw(), ctx.fonts.title, title, bar.min.x, bar.min.y + (bar.height() - height) * 0.5f, bar.width(), theme::text,
                    Align::left, size);
    ctx.draw().PopClipRect();
}

// The code as typed so far: eight boxes, four and four, the next one marked.
void draw_code_slots(const ScreenContext& ctx, const PickupScreen& screen, Rect row) {
    const float em = ctx.em;
    const std::size_t count = floorsync::pickup::code_symbols;
    const float gap = 0.3f * em, dash = 1.2f * em;
    const float slot = std::min(row.height(), (row.width() - dash - gap * static_cast<float>(count - 1)) / static_cast<float>(count));
    const float width = slot * static_cast<float>(count) + gap * static_cast<float>(count - 2) + dash;
    float x = row.min.x + std::max(0.0f, (row.width() - width) * 0.5f);
    const float size = std::min(ctx.fonts.title->FontSize * 1.3f, slot * 0.8f);
    const std::string& typed = screen.typed();
    for (std::size_t i = 0; i < count; ++i) {
        const ImVec2 min(x, row.min.y + (row.height() - slot) * 0.5f), max(x + slot, min.y + slot);
        const bool next = i == typed.size();
        ctx.draw().AddRectFilled(min, max, theme::surface, theme::corner_em * em);
        ctx.draw().AddRect(min, max, next ? theme::accent : theme::outline, theme::corner_em * em, 0, std::max(1.0f, std::round(0.08f * em)));
        if (i < typed.size()) {
            const char symbol[2] = {typed[i], '\0'};
            const ImVec2 glyph = ctx.fonts.title->CalcTextSizeA(size, FLT_MAX, 0.0f, symbol);
            ctx.draw().AddText(ctx.fonts.title, size, ImVec2(std::floor(min.x + (slot - glyph.x) * 0.5f), std::floor(min.y + (slot - glyph.y) * 0.5f)),
                               theme::text, symbol);
        }
        x += slot + (i == 3 ? dash : gap);
        if (i == 3)
            ctx.draw().AddLine(ImVec2(x - dash * 0.5f - 0.3f * em, row.centre().y), ImVec2(x - dash * 0.5f - gap + 0.3f * em, row.centre().y),
                               theme::text_muted, std::max(1.0f, std::round(0.12f * em)));
    }
}

std::string lock_time(std::int64_t seconds) {
    const std::int64_t minutes = seconds / 60, rest = seconds % 60;
    return std::to_string(minutes) + ":" + (rest < 10 ? "0" : "") + std::to_string(rest);
}

// Under the code: how to go on, what the check said, or how long the lock lasts.
void draw_pickup_message(const ScreenContext& ctx, const PickupScreen& screen, Rect line) {
    std::string message;
    ImU32 colour = theme::text_muted;
    switch (screen.state()) {
    case PickupScreen::State::typing: message = ctx.text(text::pickup_entry_hint); break;
    case PickupScreen::State::checking: message = ctx.text(text::pickup_checking); colour = theme::text; break;
    case PickupScreen::State::refused:
        message = screen.tries_left() > 1 ? ctx.strings.format_count(ctx.language, text::pickup_not_found_one, text::pickup_not_found_other,
                                                                     screen.tries_left())
                                          : ctx.text(text::pickup_not_found_locks_next);
        colour = theme::warning;
        break;
    case PickupScreen::State::locked:
        message = ctx.strings.format(ctx.language, text::pickup_locked, {{"time", lock_time(screen.lock_seconds_left(ctx.host))}});
        colour = theme::danger;
        break;
    case PickupScreen::State::failed: message = ctx.text(text::pickup_failed); colour = theme::danger; break;
    }
    draw_text_block(ctx.draw(), ctx.fonts.body, message, line.min.x, line.min.y, line.width(), colour, Align::centre);
}

void draw_keypad(const ScreenContext& ctx, const PickupScreen& screen, Rect area) {
    const float em = ctx.em;
    const bool enabled = screen.state() != PickupScreen::State::checking && screen.state() != PickupScreen::State::locked;
    const std::size_t rows = PickupScreen::key_rows(), columns = PickupScreen::kKeyColumns;
    const float gap = 0.3f * em;
    const float key_height = std::min(4.0f * em, (area.height() - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    const float key_width = std::min(key_height * 1.4f, (area.width() - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns));
    float top = area.min.y + std::max(0.0f, area.height() - (key_height * static_cast<float>(rows) + gap * static_cast<float>(rows - 1)));
    for (std::size_t r = 0; r < rows; ++r) {
        std::size_t in_row = 0;
        while (in_row < columns && PickupScreen::symbol_at(r, in_row) != '\0') ++in_row;
        const float row_width = key_width * static_cast<float>(in_row) + gap * static_cast<float>(in_row - 1);
        float left = area.centre().x - row_width * 0.5f;
        for (std::size_t c = 0; c < in_row; ++c) {
            const std::string label(1, PickupScreen::symbol_at(r, c));
            const Rect key{ImVec2(left, top), ImVec2(left + key_width, top + key_height)};
            if (ctx.controls.button("code:" + std::to_string(r) + ":" + std::to_string(c), label, key,
                                    enabled ? ButtonKind::normal : ButtonKind::disabled, ctx.fonts.title))
                ctx.act(in::press_key(r, c));
            left += key_width + gap;
        }
        top += key_height + gap;
    }
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const QuestionsScreen& screen, Rect area) {
    const float em = ctx.em;
    area = draw_content_frame(ctx, QuestionsScreen::kName, ctx.text(text::questions_title), area);
    Rect column = reading_column(area, em);

    // The way to one's own question, always in view: the hint on the left, the button on the right.
    Rect row = column.take_top(theme::touch_target_em * em, 0.6f * em);
    const std::string& pickup_label = ctx.text(text::questions_pickup_button);
    const float button_width = std::min(row.width() * 0.45f, std::max(text_width(ctx.fonts.bold, pickup_label) + 2.5f * em, 12.0f * em));
    if (ctx.controls.button("pickup", pickup_label, row.take_right(button_width, em), ButtonKind::normal, ctx.fonts.bold))
        ctx.act(in::open_screen(std::string(PickupScreen::kName)));
    const std::string& hint = ctx.text(text::questions_hint);
    const float hint_height = wrapped_height(ctx.fonts.body, hint, row.width());
    ctx.draw().PushClipRect(row.min, row.max, true);
    draw_text_block(ctx.draw(), ctx.fonts.body, hint, row.min.x, row.min.y + std::max(0.0f, (row.height() - hint_height) * 0.5f),
                    row.width(), theme::text_muted, Align::left);
    ctx.draw().PopClipRect();

    const auto& questions = screen.questions(ctx.host);
    if (questions.empty()) {
        const std::string& note = ctx.text(text::questions_empty);
        const float height = wrapped_height(ctx.fonts.body, note, column.width());
        draw_text_block(ctx.draw(), ctx.fonts.body, note, column.min.x, column.centre().y - height * 0.5f, column.width(),
                        theme::text_muted, Align::centre);
        return;
    }
    ScrollArea list(ctx, column, screen.scroll_em());
    float y = list.top();
    const float width = column.width() - 0.8f * em;
    for (const View* question : questions) {
        y = draw_question_card(ctx, screen, *question, column.min.x, y, width);
        y += 0.7f * em;
    }
    list.finish(y);
}

void draw_screen(const ScreenContext& ctx, const PickupScreen& screen, Rect area) {
    const float em = ctx.em;
    Rect bar = area.take_top(theme::touch_target_em * em, 0.6f * em);
    ImFont* font = ctx.fonts.bold;
    const std::string& check = ctx.text(text::pickup_check);
    const Rect check_button = bar.take_right(std::clamp(text_width(font, check) + 3.0f * em, 8.0f * em, bar.width() * 0.3f), em);
    if (ctx.controls.button("check", check, check_button, screen.can_check() ? ButtonKind::primary : ButtonKind::disabled, font))
        ctx.act(in::submit());
    draw_title_bar(ctx, bar, ctx.text(text::pickup_entry_title), in::back());

    // The code with "erase" beside it, where a finger looks for it.
    Rect code_row = area.take_top(theme::touch_target_em * em, 0.4f * em);
    const std::string& erase = ctx.text(text::pickup_erase);
    const Rect erase_button = code_row.take_right(std::max(text_width(font, erase) + 2.0f * em, 7.0f * em), em);
    const bool can_erase = !screen.typed().empty() && screen.state() != PickupScreen::State::checking &&
                           screen.state() != PickupScreen::State::locked;
    if (ctx.controls.button("erase", erase, erase_button, can_erase ? ButtonKind::normal : ButtonKind::disabled, font))
        ctx.act(in::backspace());
    draw_code_slots(ctx, screen, code_row);

    const Rect message = area.take_top(2.0f * ctx.fonts.body->FontSize, 0.4f * em);
    draw_pickup_message(ctx, screen, message);
    draw_keypad(ctx, screen, area);
}

void draw_screen(const ScreenContext& ctx, const PickupResultScreen& screen, Rect area) {
    const float em = ctx.em;
    Rect button_row = area.take_bottom(theme::touch_target_em * em, 0.6f * em);
    const std::string& done = ctx.text(text::pickup_done);
    const Rect done_button = button_row.centred(
        ImVec2(std::min(button_row.width(), std::max(text_width(ctx.fonts.bold, done) + 4.0f * em, 14.0f * em)), button_row.height()));
    if (ctx.controls.button("done", done, done_button, ButtonKind::primary, ctx.fonts.bold))
        ctx.act(in::go_home());

    const Rect column = reading_column(area, em);
    ScrollArea body(ctx, column, screen.scroll_em());
    float y = draw_text_block(ctx.draw(), ctx.fonts.title, ctx.text(text::pickup_result_title), column.min.x, body.top(), column.width(),
                              theme::text, Align::left);
    const float width = column.width() - 0.8f * em;
    y = draw_card(ctx, column.min.x, y + 0.5f * em, width, theme::surface, [&](float x, float top, float inner) {
        float bottom = draw_text_block(ctx.draw(), ctx.fonts.body, department_label(ctx, screen.department()), x, top, inner,
                                       theme::text_muted, Align::left);
        bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, screen.question_text(), x, bottom, inner, theme::text, Align::left);
        switch (screen.shows()) {
        case PickupResultScreen::Shows::public_answer:
            bottom = draw_answer(ctx, screen.answer(), screen.answer_by(), x, bottom + 0.6f * em, inner);
            break;
        case PickupResultScreen::Shows::private_answer:
            bottom = draw_text_block(ctx.draw(), ctx.fonts.bold, ctx.text(text::pickup_result_private), x, bottom + 0.6f * em, inner,
                                     theme::accent, Align::left);
            bottom = draw_answer(ctx, screen.answer(), screen.answer_by(), x, bottom + 0.3f * em, inner);
            break;
        case PickupResultScreen::Shows::not_answered:
            bottom = draw_text_block(ctx.draw(), ctx.fonts.bold,
                                     ctx.text(screen.published() ? text::pickup_result_published : text::pickup_result_open), x,
                                     bottom + 0.6f * em, inner, theme::accent, Align::left);
            break;
        case PickupResultScreen::Shows::dismissed:
            bottom = draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::pickup_result_dismissed), x, bottom + 0.6f * em, inner,
                                     theme::text, Align::left);
            break;
        case PickupResultScreen::Shows::unreadable:
            bottom = draw_text_block(ctx.draw(), ctx.fonts.body, ctx.text(text::pickup_result_unreadable), x, bottom + 0.6f * em, inner,
                                     theme::warning, Align::left);
            break;
        }
        return bottom;
    });
    body.finish(y);
}

}  // namespace kiosk::ui
