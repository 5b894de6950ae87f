// Department pick and follow-up reasons: grids of large buttons and chips.
#include "kiosk/ui/faces.hpp"
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

struct Grid {
    std::size_t columns = 1;
    float cell_width = 0.0f;
    float cell_height = 0.0f;
};

// As few columns as fit every item at least touch-target high; wider cells read better than more columns.
Grid plan_grid(std::size_t count, Rect area, float em, float preferred_height) {
    const float gap = theme::gap_em * em;
    Grid grid;
    for (grid.columns = 1; grid.columns < 4; ++grid.columns) {
        const std::size_t rows = (count + grid.columns - 1) / grid.columns;
        if (static_cast<float>(rows) * (theme::touch_target_em * em + gap) <= area.height() + gap)
            break;
    }
    const std::size_t rows = std::max<std::size_t>(1, (count + grid.columns - 1) / grid.columns);
    grid.cell_width = (area.width() - gap * static_cast<float>(grid.columns - 1)) / static_cast<float>(grid.columns);
    grid.cell_height = std::min(preferred_height, (area.height() - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    grid.cell_height = std::max(grid.cell_height, theme::touch_target_em * em);
    return grid;
}

Rect grid_cell(const Grid& grid, Rect area, std::size_t index, float em) {
    const float gap = theme::gap_em * em;
    const std::size_t column = index % grid.columns;
    const std::size_t row = index / grid.columns;
    const float left = area.min.x + static_cast<float>(column) * (grid.cell_width + gap);
    const float top = area.min.y + static_cast<float>(row) * (grid.cell_height + gap);
    return {ImVec2(left, top), ImVec2(left + grid.cell_width, top + grid.cell_height)};
}

}  // namespace

void draw_screen(const ScreenContext& ctx, const DepartmentScreen&, Rect area) {
    const float em = ctx.em;
    const float heading = draw_heading(ctx, area, ctx.text(text::department_title), ctx.text(text::department_hint), theme::text);
    area.take_top(heading, 1.0f * em);
    const float inset = std::max(0.0f, area.width() * 0.08f);
    area = Rect{ImVec2(area.min.x + inset, area.min.y), ImVec2(area.max.x - inset, area.max.y)};

    const auto& departments = ctx.config().departments;
    const std::size_t count = departments.size() + 1;  // and "prefer not to say", always last
    const Grid grid = plan_grid(count, area, em, 4.0f * em);
    for (std::size_t i = 0; i < departments.size(); ++i) {
        if (ctx.controls.button("dept:" + std::to_string(i), departments[i], grid_cell(grid, area, i, em), ButtonKind::normal,
                                ctx.fonts.bold))
            ctx.act(in::choose_department(i));
    }
    if (ctx.controls.button("dept:none", ctx.text(text::department_prefer_not), grid_cell(grid, area, departments.size(), em),
                            ButtonKind::normal, ctx.fonts.body))
        ctx.act(in::prefer_not_to_say());
}

void draw_screen(const ScreenContext& ctx, const FollowUpScreen& screen, Rect area) {
    const float em = ctx.em;
    // The face just tapped, small, so the question reads as "why this face?".
    const float face_radius = 1.6f * em;
    Rect top = area.take_top(2.0f * face_radius, 0.6f * em);
    draw_face(ctx.draw(), top.centre(), face_radius, screen.score(), false);
    const float heading = draw_heading(ctx, area, ctx.text(text::followup_title), ctx.text(text::followup_hint), theme::text);
    area.take_top(heading, 1.0f * em);

    Rect buttons = area.take_bottom(theme::touch_target_em * em, 1.0f * em);
    const float button_width = std::min(16.0f * em, (buttons.width() - em) * 0.5f);
    const Rect done = buttons.take_right(button_width, em);
    const Rect skip = buttons.take_right(button_width, 0.0f);
    if (ctx.controls.button("skip", ctx.text(text::followup_skip), skip, ButtonKind::normal, ctx.fonts.bold))
        ctx.act(in::skip_follow_up());
    if (ctx.controls.button("done", ctx.text(text::followup_done), done, ButtonKind::primary, ctx.fonts.bold))
        ctx.act(in::finish_follow_up());

    const float inset = std::max(0.0f, area.width() * 0.05f);
    area = Rect{ImVec2(area.min.x + inset, area.min.y), ImVec2(area.max.x - inset, area.max.y)};
    const auto& reasons = ctx.config().reasons;
    const Grid grid = plan_grid(reasons.size(), area, em, 4.0f * em);
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        const bool selected = screen.selected(i);
        // A check mark as well as the colour shows the chip is chosen.
        const std::string label = (selected ? "\xE2\x9C\x93 " : "") + ctx.config().reason_text(i, ctx.language);
        if (ctx.controls.button("reason:" + std::to_string(i), label, grid_cell(grid, area, i, em),
                                selected ? ButtonKind::selected : ButtonKind::normal, ctx.fonts.bold))
            ctx.act(in::toggle_reason(i));
    }
}

}  // namespace kiosk::ui
