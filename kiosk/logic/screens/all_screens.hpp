// Every screen's class, for the registry's users (the registry itself, the shell's tests, the views).
#pragma once

#include "kiosk/logic/screens/ask_screen.hpp"
#include "kiosk/logic/screens/cleaning_screen.hpp"
#include "kiosk/logic/screens/content_screen.hpp"
#include "kiosk/logic/screens/department_screen.hpp"
#include "kiosk/logic/screens/follow_up_screen.hpp"
#include "kiosk/logic/screens/home_screen.hpp"
#include "kiosk/logic/screens/news_screen.hpp"
#include "kiosk/logic/screens/saving_screen.hpp"
#include "kiosk/logic/screens/store_error_screen.hpp"
#include "kiosk/logic/screens/thank_you_screen.hpp"
#include "kiosk/logic/screens/timeline_screen.hpp"
#include "kiosk/logic/screens/training_screen.hpp"
#include "kiosk/logic/screens/why_screen.hpp"
