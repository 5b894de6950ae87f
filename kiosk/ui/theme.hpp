// The kiosk's look: high-contrast colours, ImGui style in em units, and the five rating colours.
#pragma once

#include <imgui.h>

namespace kiosk::ui::theme {

// Colours as 0xAABBGGRR (ImU32), chosen for contrast against the dark background (text >= 7:1).
inline constexpr ImU32 background = IM_COL32(16, 24, 32, 255);
inline constexpr ImU32 surface = IM_COL32(38, 52, 66, 255);          // buttons, chips, keys
inline constexpr ImU32 surface_pressed = IM_COL32(70, 92, 114, 255);
inline constexpr ImU32 surface_selected = IM_COL32(255, 214, 10, 255);  // selected chip: yellow with dark text
inline constexpr ImU32 outline = IM_COL32(150, 170, 190, 255);
inline constexpr ImU32 text = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 text_on_light = IM_COL32(10, 14, 20, 255);
inline constexpr ImU32 text_muted = IM_COL32(190, 204, 218, 255);
inline constexpr ImU32 accent = IM_COL32(255, 214, 10, 255);          // primary action (send, done)
inline constexpr ImU32 accent_pressed = IM_COL32(214, 176, 0, 255);
inline constexpr ImU32 danger = IM_COL32(255, 99, 88, 255);
inline constexpr ImU32 danger_surface = IM_COL32(110, 24, 20, 255);
inline constexpr ImU32 ok = IM_COL32(88, 214, 120, 255);
inline constexpr ImU32 warning = IM_COL32(255, 176, 32, 255);
inline constexpr ImU32 cleaning_surface = IM_COL32(0, 70, 140, 255);
inline constexpr ImU32 face_features = IM_COL32(20, 20, 24, 255);
inline constexpr ImU32 tear = IM_COL32(80, 170, 255, 255);

// Very unhappy (1) to very happy (5): red, orange, yellow, light green, green. The faces differ in shape
// too, so colour is never the only cue.
ImU32 rating_colour(int score);

// Sizes: one em is the body font's pixel size.
inline constexpr float touch_target_em = 3.2f;  // minimum height of anything tappable
inline constexpr float gap_em = 0.6f;
inline constexpr float margin_em = 1.0f;
inline constexpr float corner_em = 0.45f;

// ImGui style for the kiosk: no window decorations, rounded large controls, colours above.
void apply_style(ImGuiStyle& style, float em);

}  // namespace kiosk::ui::theme
