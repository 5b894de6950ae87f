// Test helper: takes a collector database back to an older schema, as a collector of that release left it.
#pragma once

#include <string>

namespace collector_test {

// Schema v4: the v5 tables (ratings read model, accounts) and kiosks.site gone, bi_kiosk_health as before.
// Events and everything older stay. SQLite file or PostgreSQL URL.
void back_to_v4(const std::string& db);

}  // namespace collector_test
