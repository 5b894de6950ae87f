// The five rating faces, drawn as vectors so they stay sharp at any size.
#pragma once

#include <imgui.h>

namespace kiosk::ui {

// Draws face `score` (1 very unhappy .. 5 very happy) in a circle of `radius` around `centre`. Faces differ by
// colour and by shape: the mouth's curve, brows, a tear on the saddest and an open laugh on the happiest.
// `pressed` darkens it while a finger is on it.
void draw_face(ImDrawList& draw, ImVec2 centre, float radius, int score, bool pressed);

}  // namespace kiosk::ui
