// For the dashboard page tests: a real collector (the real page routes) on loopback with a signed-in account, driven
// with raw HTTP requests that carry the session cookie, and ways to put data in through the kiosks' own API.
#pragma once

#include "collector_test_support.hpp"
#include "raw_http.hpp"

#include "collector/dashboard/account_service.hpp"
#include "collector/dashboard/web.hpp"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace collector_test {

using FormList = std::vector<std::pair<std::string, std::string>>;
// Kiosk id -> its departments.
using KioskList = std::vector<std::pair<std::string, std::vector<std::string>>>;

class DashboardPages {
public:
    // A fresh database with the given kiosks, a running collector (config changed by `adjust`), and an account
    // "Dana Central" signed in.
    explicit DashboardPages(const KioskList& kiosks,
                            const std::function<void(floorsync::collector::CollectorConfig&)>& adjust = {});
    ~DashboardPages();

    RawReply get(const std::string& path_and_query);
    // POST as a form (application/x-www-form-urlencoded) with the session's CSRF token added.
    RawReply post(const std::string& path, const FormList& fields);

    // Uploads events as the kiosk `kiosk_id` does; fails the test unless every one is stored.
    void upload(const std::string& kiosk_id, const std::vector<json>& events);
    // The same with the upload's kiosk report (app_version, backlog, quarantined).
    void upload(const std::string& kiosk_id, const std::vector<json>& events, const json& report);

    floorsync::collector::Storage& storage() { return *storage_; }
    const std::string& account_name() const { return account_name_; }
    const std::string& database() const { return db_; }

private:
    TempDir dir_;
    std::string db_;
    std::map<std::string, std::string> tokens_;
    std::unique_ptr<RunningCollector> collector_;
    std::unique_ptr<floorsync::collector::Storage> storage_;
    std::unique_ptr<floorsync::collector::dashboard::AccountTablePool> accounts_;
    floorsync::collector::DashboardSettings settings_;
    std::unique_ptr<floorsync::collector::dashboard::AccountService> service_;
    std::string account_name_ = "Dana Central";
    std::string session_token_;
    std::string csrf_;
};

// The text of <script type="application/json" id="ID">...</script> in `html`; "" when there is none.
std::string json_block(const std::string& html, const std::string& id);

}  // namespace collector_test
