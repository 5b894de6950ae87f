// News: announcements and "you said, we did", newest first.
#pragma once

#include "kiosk/logic/screens/content_screen.hpp"

namespace kiosk {

class NewsScreen final : public ContentScreen {
public:
    static constexpr std::string_view kName = "news";
    static ScreenPtr sample(ScreenHost&) { return std::make_unique<NewsScreen>(); }
    std::string_view name() const override { return kName; }
};

}  // namespace kiosk
