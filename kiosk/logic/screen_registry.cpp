// The registry's lookups: names, the content screens home opens, and sample screens for screenshots.
#include "kiosk/logic/screen_registry.hpp"

#include "kiosk/logic/screens/all_screens.hpp"

#include <type_traits>

namespace kiosk {
namespace {

template <class S>
constexpr bool is_content_screen = std::is_base_of_v<ContentScreen, S>;

template <class S>
ScreenPtr sample_of(ScreenHost& host, std::string_view sample_question) {
    if constexpr (requires { S::sample(host, sample_question); })
        return S::sample(host, sample_question);
    else
        return S::sample(host);
}

}  // namespace

const std::vector<std::string_view>& screen_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> list;
        AllScreens::for_each([&]<class S>() { list.push_back(S::kName); });
        return list;
    }();
    return names;
}

const std::vector<std::string_view>& content_screen_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> list;
        AllScreens::for_each([&]<class S>() {
            if constexpr (is_content_screen<S>) list.push_back(S::kName);
        });
        return list;
    }();
    return names;
}

ScreenPtr open_content_screen(std::string_view name) {
    ScreenPtr screen;
    AllScreens::for_each([&]<class S>() {
        if constexpr (is_content_screen<S>)
            if (!screen && name == S::kName) screen = std::make_unique<S>();
    });
    return screen;
}

ScreenPtr make_sample_screen(std::string_view name, ScreenHost& host, std::string_view sample_question) {
    ScreenPtr screen;
    AllScreens::for_each([&]<class S>() {
        if (!screen && name == S::kName) screen = sample_of<S>(host, sample_question);
    });
    return screen;
}

}  // namespace kiosk
