// The dashboard page tests' client: a collector with the real pages, an account signed in through AccountService on
// the same database, raw HTTP requests with its session cookie.
#include "dashboard_page_client.hpp"

#include <doctest/doctest.h>

namespace collector_test {

namespace dash = floorsync::collector::dashboard;

DashboardPages::DashboardPages(const KioskList& kiosks,
                               const std::function<void(floorsync::collector::CollectorConfig&)>& adjust)
    : db_(fresh_database(dir_)) {
    for (const auto& [id, departments] : kiosks) tokens_[id] = add_kiosk(db_, id, departments);
    collector_ = std::make_unique<RunningCollector>(db_, adjust);
    storage_ = floorsync::collector::open_storage(db_);
    accounts_ = std::make_unique<dash::AccountTablePool>(*storage_, 1, 0);
    service_ = std::make_unique<dash::AccountService>(*accounts_, settings_, dash::PasswordLimits::lowest());
    service_->add_user(account_name_, "a long enough password");
    const auto signed_in = service_->sign_in(account_name_, "a long enough password", "127.0.0.1");
    REQUIRE(signed_in.outcome == dash::SignInResult::Outcome::signed_in);
    session_token_ = signed_in.token;
    csrf_ = signed_in.csrf_token;
}

DashboardPages::~DashboardPages() = default;

namespace {

RawReply exchange(int port, const std::string& request) {
    RawConnection connection(port);
    REQUIRE_MESSAGE(connection.connected(), connection.connect_error());
    REQUIRE(connection.send(request));
    RawReply reply = connection.read_reply(std::chrono::seconds(20));
    REQUIRE_MESSAGE(reply.status != 0, reply.error);
    return reply;
}

}  // namespace

RawReply DashboardPages::get(const std::string& path_and_query) {
    return exchange(collector_->port(), "GET " + path_and_query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                            "Cookie: floor_session=" + session_token_ + "\r\nConnection: close\r\n\r\n");
}

RawReply DashboardPages::post(const std::string& path, const FormList& fields) {
    std::string body = "csrf=" + csrf_;
    for (const auto& [name, value] : fields) body += "&" + dash::url_encode(name) + "=" + dash::url_encode(value);
    return exchange(collector_->port(), "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: floor_session=" +
                                            session_token_ +
                                            "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                                            std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
}

void DashboardPages::upload(const std::string& kiosk_id, const std::vector<json>& events) {
    upload(kiosk_id, events, json{{"app_version", "test-1.0"}, {"backlog", 0}});
}

void DashboardPages::upload(const std::string& kiosk_id, const std::vector<json>& events, const json& report) {
    auto client = collector_->client();
    const auto result = post_events(*client, tokens_.at(kiosk_id), json{{"kiosk", report}, {"events", events}}.dump());
    std::string expected;
    for (std::size_t i = 0; i < events.size(); ++i) expected += (i == 0 ? "" : ",") + std::string("stored");
    REQUIRE(statuses(result) == expected);
}

std::string json_block(const std::string& html, const std::string& id) {
    const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
    const auto begin = html.find(open);
    if (begin == std::string::npos) return "";
    const auto start = begin + open.size();
    const auto end = html.find("</script>", start);
    return end == std::string::npos ? "" : html.substr(start, end - start);
}

}  // namespace collector_test
