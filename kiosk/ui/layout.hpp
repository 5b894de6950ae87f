// Rectangles and tap targets: the screens lay themselves out by cutting the window into rectangles.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace kiosk::ui {

struct Rect {
    ImVec2 min;
    ImVec2 max;

    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
    ImVec2 size() const { return ImVec2(width(), height()); }
    ImVec2 centre() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
    bool contains(ImVec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }

    Rect shrunk(float by) const { return {ImVec2(min.x + by, min.y + by), ImVec2(max.x - by, max.y - by)}; }
    // Cuts a strip off one side and returns it; `this` keeps the rest minus `gap`.
    Rect take_top(float height, float gap = 0.0f);
    Rect take_bottom(float height, float gap = 0.0f);
    Rect take_left(float width, float gap = 0.0f);
    Rect take_right(float width, float gap = 0.0f);
    // A rectangle of `size` centred in this one.
    Rect centred(ImVec2 size) const;
};

// Something the user can tap, as drawn in the last frame. Tests and the end-to-end script use these to find
// where to tap ("face:3", "key:2:4", "reason:1", "send", ...); the label is the text shown on it.
struct Target {
    std::string id;
    std::string label;
    Rect rect;
};

using TargetList = std::vector<Target>;

}  // namespace kiosk::ui
