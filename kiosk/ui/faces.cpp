// Face geometry: every coordinate is a fraction of the radius, so the faces scale with the screen.
// Geometry is kept lean for software rasterisers (Mesa llvmpipe on kiosk PCs): strokes are whole pixels wide, so
// ImGui draws them as textured anti-aliased lines (2 triangles a segment instead of 6), and circles take ImGui's
// segment count for their radius (style.CircleTessellationMaxError) instead of a fixed count.
#include "kiosk/ui/faces.hpp"

#include "kiosk/ui/theme.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

ImU32 darken(ImU32 colour, float factor) {
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(colour);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.x * factor, c.y * factor, c.z * factor, c.w));
}

struct FaceFrame {
    ImVec2 centre;
    float r;
    ImVec2 at(float x, float y) const { return ImVec2(centre.x + x * r, centre.y + y * r); }
};

void draw_eyes(ImDrawList& draw, const FaceFrame& f, int score, float stroke) {
    if (score == 5) {  // laughing eyes: upward arcs
        for (float side : {-1.0f, 1.0f}) {
            draw.PathClear();
            draw.PathArcTo(f.at(side * 0.34f, -0.16f), 0.13f * f.r, IM_PI * 1.08f, IM_PI * 1.92f, 12);
            draw.PathStroke(theme::face_features, 0, stroke);
        }
        return;
    }
    for (float side : {-1.0f, 1.0f})
        draw.AddCircleFilled(f.at(side * 0.34f, -0.2f), 0.1f * f.r, theme::face_features);
}

void draw_brows(ImDrawList& draw, const FaceFrame& f, int score, float stroke) {
    // Inner ends raised: worried (1, 2). Raised arcs: cheerful (4). Neutral and the laughing face have none.
    if (score == 3 || score == 5)
        return;
    const float inner_y = score == 1 ? -0.58f : score == 2 ? -0.5f : -0.5f;
    const float outer_y = score == 1 ? -0.4f : score == 2 ? -0.42f : -0.5f;
    for (float side : {-1.0f, 1.0f}) {
        if (score >= 4) {
            draw.PathClear();
            draw.PathArcTo(f.at(side * 0.34f, -0.42f), 0.16f * f.r, IM_PI * 1.2f, IM_PI * 1.8f, 12);
            draw.PathStroke(theme::face_features, 0, std::round(stroke * 0.8f));
        } else {
            draw.AddLine(f.at(side * 0.14f, inner_y), f.at(side * 0.5f, outer_y), theme::face_features, stroke);
        }
    }
}

void draw_mouth(ImDrawList& draw, const FaceFrame& f, int score, float stroke) {
    if (score == 5) {  // open laugh: flat top, round bottom, filled
        draw.PathClear();
        draw.PathArcTo(f.at(0.0f, 0.2f), 0.42f * f.r, 0.0f, IM_PI);
        draw.PathFillConvex(theme::face_features);
        return;
    }
    // Bend of the mouth: positive curves down in the middle (a smile on screen), negative is a frown.
    const float bend = score == 1 ? -0.5f : score == 2 ? -0.24f : score == 3 ? 0.0f : 0.3f;
    const float y = score <= 2 ? 0.48f : 0.36f;
    const float half_width = score == 3 ? 0.36f : 0.42f;
    draw.AddBezierCubic(f.at(-half_width, y), f.at(-half_width * 0.4f, y + bend), f.at(half_width * 0.4f, y + bend),
                        f.at(half_width, y), theme::face_features, stroke, 20);
}

void draw_tear(ImDrawList& draw, const FaceFrame& f) {
    const ImVec2 top = f.at(-0.36f, -0.06f);
    const ImVec2 drop = f.at(-0.36f, 0.2f);
    const float drop_r = 0.08f * f.r;
    draw.AddTriangleFilled(top, ImVec2(drop.x - drop_r, drop.y - drop_r * 0.3f), ImVec2(drop.x + drop_r, drop.y - drop_r * 0.3f),
                           theme::tear);
    draw.AddCircleFilled(drop, drop_r, theme::tear);
}

}  // namespace

void draw_face(ImDrawList& draw, ImVec2 centre, float radius, int score, bool pressed) {
    score = std::clamp(score, 1, 5);
    const FaceFrame f{centre, radius};
    const float stroke = std::max(2.0f, std::round(0.075f * radius));
    const ImU32 fill = pressed ? darken(theme::rating_colour(score), 0.7f) : theme::rating_colour(score);

    // No dark outline ring: on the dark background it was invisible, yet it was a third of the face's triangles.
    draw.AddCircleFilled(centre, radius, fill);
    draw_brows(draw, f, score, stroke);
    draw_eyes(draw, f, score, stroke);
    draw_mouth(draw, f, score, stroke);
    if (score == 1)
        draw_tear(draw, f);
}

}  // namespace kiosk::ui
