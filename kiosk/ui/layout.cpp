// Rectangle cutting for the screens' layouts.
#include "kiosk/ui/layout.hpp"

#include <algorithm>

namespace kiosk::ui {

Rect Rect::take_top(float h, float gap) {
    h = std::min(h, height());
    Rect strip{min, ImVec2(max.x, min.y + h)};
    min.y = std::min(max.y, min.y + h + gap);
    return strip;
}

Rect Rect::take_bottom(float h, float gap) {
    h = std::min(h, height());
    Rect strip{ImVec2(min.x, max.y - h), max};
    max.y = std::max(min.y, max.y - h - gap);
    return strip;
}

Rect Rect::take_left(float w, float gap) {
    w = std::min(w, width());
    Rect strip{min, ImVec2(min.x + w, max.y)};
    min.x = std::min(max.x, min.x + w + gap);
    return strip;
}

Rect Rect::take_right(float w, float gap) {
    w = std::min(w, width());
    Rect strip{ImVec2(max.x - w, min.y), max};
    max.x = std::max(min.x, max.x - w - gap);
    return strip;
}

Rect Rect::centred(ImVec2 s) const {
    const ImVec2 c = centre();
    return {ImVec2(c.x - s.x * 0.5f, c.y - s.y * 0.5f), ImVec2(c.x + s.x * 0.5f, c.y + s.y * 0.5f)};
}

}  // namespace kiosk::ui
