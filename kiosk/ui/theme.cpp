// Applies the kiosk's colours and em-based spacing to the ImGui style.
#include "kiosk/ui/theme.hpp"

namespace kiosk::ui::theme {

ImU32 rating_colour(int score) {
    switch (score) {
    case 1: return IM_COL32(230, 57, 70, 255);
    case 2: return IM_COL32(247, 140, 40, 255);
    case 3: return IM_COL32(250, 210, 50, 255);
    case 4: return IM_COL32(150, 210, 80, 255);
    default: return IM_COL32(46, 184, 92, 255);
    }
}

void apply_style(ImGuiStyle& style, float em) {
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = ImVec2(margin_em * em, margin_em * em);
    style.WindowRounding = 0.0f;
    style.WindowBorderSize = 0.0f;
    style.FramePadding = ImVec2(0.6f * em, 0.4f * em);
    style.FrameRounding = corner_em * em;
    style.ItemSpacing = ImVec2(gap_em * em, gap_em * em);
    style.ItemInnerSpacing = ImVec2(0.4f * em, 0.4f * em);
    style.TouchExtraPadding = ImVec2(0.0f, 0.0f);
    style.ScrollbarSize = 1.2f * em;
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;

    ImVec4* colours = style.Colors;
    colours[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(background);
    colours[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(text);
    colours[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(text_muted);
    colours[ImGuiCol_Button] = ImGui::ColorConvertU32ToFloat4(surface);
    colours[ImGuiCol_ButtonHovered] = ImGui::ColorConvertU32ToFloat4(surface);  // touch: no hover look
    colours[ImGuiCol_ButtonActive] = ImGui::ColorConvertU32ToFloat4(surface_pressed);
    colours[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(outline);
    colours[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(background);
    colours[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(surface_pressed);
}

}  // namespace kiosk::ui::theme
