// The words around published content, from the string tables: dates, session times, the go-live countdown.
#pragma once

#include "kiosk/logic/local_calendar.hpp"
#include "kiosk/logic/strings.hpp"

#include <string>

namespace kiosk {

// "Mon 14 Dec" / "ma 14 dec" (local time).
std::string format_day(const StringTables& strings, const std::string& language, SystemTime time);
// "14 Dec 2026" / "14 dec 2026".
std::string format_date(const StringTables& strings, const std::string& language, SystemTime time);
// "09:00".
std::string format_clock(SystemTime time);
// "Mon 14 Dec 09:00–12:00"; across midnight both days are named.
std::string format_session(const StringTables& strings, const std::string& language, SystemTime start, SystemTime end);
// "12 days to go" / "nog 12 dagen", "Live today" / "Vandaag live", "Live for 3 days" / "live sinds 3 dagen".
std::string countdown_text(const StringTables& strings, const std::string& language, const Countdown& countdown);

}  // namespace kiosk
