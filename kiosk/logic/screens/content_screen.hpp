// What the why, news, timeline and training screens share: a list that scrolls by dragging, "back", and the tabs
// to the other content screens.
#pragma once

#include "kiosk/logic/screen.hpp"

namespace kiosk {

class ContentScreen : public Screen {
public:
    Transition handle(const Input& input, ScreenHost& host, TimePoint now) override;

    float scroll_em() const { return scroll_em_; }  // how far the list is scrolled, in em (the view clamps it)

protected:
    // Input only this screen understands; the default ignores it.
    virtual Transition handle_own(const Input&, ScreenHost&, TimePoint) { return Transition::stay(); }

private:
    float scroll_em_ = 0.0f;
};

}  // namespace kiosk
