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

// "NAME:VARIANT": another sample of the same screen, for a screen that offers one; nullptr otherwise.
template <class S>
ScreenPtr sample_variant_of(ScreenHost& host, std::string_view variant) {
    if constexpr (requires { S::sample_variant(host, variant); })
        return S::sample_variant(host, variant);
    else
        return nullptr;
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

const std::vector<std::string>& sample_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        AllScreens::for_each([&]<class S>() {
            list.emplace_back(S::kName);
            if constexpr (requires { S::kSampleVariants; })
                for (std::string_view variant : S::kSampleVariants) list.push_back(std::string(S::kName) + ":" + std::string(variant));
        });
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
    const std::size_t colon = name.find(':');
    const std::string_view base = name.substr(0, colon);
    AllScreens::for_each([&]<class S>() {
        if (screen || base != S::kName) return;
        screen = colon == std::string_view::npos ? sample_of<S>(host, sample_question)
                                                 : sample_variant_of<S>(host, name.substr(colon + 1));
    });
    return screen;
}

}  // namespace kiosk
