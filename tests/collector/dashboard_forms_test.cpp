// The dashboard's forms through a real collector on loopback, signed in, on the backend under test: publishing a
// news item (stored with its translations), an error that keeps every typed value, editing and withdrawing,
// acknowledging an alert (stored with who), and adding an ambassador without the PIN ever coming back.
#include "dashboard_page_client.hpp"

#include "collector/storage/storage.hpp"

#include <doctest/doctest.h>

using namespace collector_test;
using floorsync::content::Kind;

namespace {

FormList news_form(const std::string& title_nl, const std::string& title_en) {
    return {{"kind", "announcement"},     {"audience_scope", "everyone"}, {"default_language", "nl"},
            {"language", "nl"},           {"language", "en"},             {"title_nl", title_nl},
            {"body_nl", "Vanaf mei\r\nnieuw."}, {"title_en", title_en},   {"body_en", "From May on."},
            {"shown_from", ""},           {"shown_until", ""}};
}

}  // namespace

TEST_CASE("publishing a news item through the form stores it with its translations; edit and withdraw") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly", "Bakery"}}});

    RawReply reply = pages.get("/dashboard/publish/new?kind=announcement");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("name=\"title_nl\"") != std::string::npos);
    CHECK(reply.body.find("name=\"title_en\"") != std::string::npos);
    CHECK(reply.body.find("value=\"Assembly\"") != std::string::npos);  // a known department to tick
    CHECK(reply.body.find("name=\"csrf\"") != std::string::npos);

    reply = pages.post("/dashboard/publish/save", news_form("Nieuwe planning", "New schedule"));
    REQUIRE(reply.status == 303);
    CHECK(reply.headers["location"] == "/dashboard/publish?notice=published");
    auto items = pages.storage().open_content()->list();
    REQUIRE(items.size() == 1);
    const auto& item = items[0].item;
    CHECK(item.kind == Kind::announcement);
    CHECK(item.audience.empty());
    CHECK(item.default_language == "nl");
    REQUIRE(item.translations.size() == 2);
    CHECK(item.translations.at("nl").title == "Nieuwe planning");
    CHECK(item.translations.at("nl").body == "Vanaf mei\nnieuw.");
    CHECK(item.translations.at("en").title == "New schedule");

    reply = pages.get("/dashboard/publish?notice=published");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("Nieuwe planning") != std::string::npos);
    CHECK(reply.body.find("The item is published") != std::string::npos);

    // The edit form starts from the stored item; saving it for one department only.
    reply = pages.get("/dashboard/publish/edit?id=" + item.id);
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("value=\"Nieuwe planning\"") != std::string::npos);
    FormList edit = news_form("Nieuwe planning (2)", "New schedule (2)");
    edit.push_back({"id", item.id});
    edit.push_back({"stored_language", "nl"});
    edit.push_back({"stored_language", "en"});
    edit[1] = {"audience_scope", "departments"};
    edit.push_back({"audience", "Bakery"});
    reply = pages.post("/dashboard/publish/save", edit);
    REQUIRE(reply.status == 303);
    auto edited = pages.storage().open_content()->find(item.id);
    REQUIRE(edited);
    CHECK(edited->item.audience == std::vector<std::string>{"Bakery"});
    CHECK(edited->item.translations.at("en").title == "New schedule (2)");

    // Withdrawing needs the tick.
    reply = pages.post("/dashboard/publish/withdraw", {{"id", item.id}});
    CHECK(reply.status == 400);
    CHECK_FALSE(pages.storage().open_content()->find(item.id)->withdrawn);
    reply = pages.post("/dashboard/publish/withdraw", {{"id", item.id}, {"confirm", "yes"}});
    CHECK(reply.status == 303);
    CHECK(pages.storage().open_content()->find(item.id)->withdrawn);
}

TEST_CASE("a refused publishing form comes back with the message and every value as typed") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly"}}});
    const FormList training = {
        {"kind", "training"},          {"audience_scope", "departments"}, {"audience", "Assembly"},
        {"audience_other", "Night shift"}, {"default_language", "nl"},    {"language", "nl"},
        {"language", "en"},            {"title_nl", "Cursus <planning>"},   {"body_nl", "Twee uur."},
        {"at", "2026-13-45T10:00"},    {"until", "2026-06-01T12:00"},      {"place", "Room \"B\""},
        {"seats", "12"}};
    RawReply reply = pages.post("/dashboard/publish/save", training);
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("<p class=\"error\" role=\"alert\" id=\"form-error\">Date / starts:") != std::string::npos);
    CHECK(reply.body.find("value=\"Cursus &lt;planning&gt;\"") != std::string::npos);
    CHECK(reply.body.find("Twee uur.</textarea>") != std::string::npos);
    CHECK(reply.body.find("value=\"2026-13-45T10:00\"") != std::string::npos);
    CHECK(reply.body.find("value=\"Room &quot;B&quot;\"") != std::string::npos);
    CHECK(reply.body.find("value=\"12\"") != std::string::npos);
    CHECK(reply.body.find("value=\"Night shift\"") != std::string::npos);
    CHECK(reply.body.find("value=\"Assembly\" checked") != std::string::npos);
    CHECK(pages.storage().open_content()->list().empty());

    // A rule of the item itself (a training needs a place) names the field the same way.
    FormList no_place = training;
    no_place[9] = {"at", "2026-06-01T10:00"};
    no_place[11] = {"place", ""};
    reply = pages.post("/dashboard/publish/save", no_place);
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("id=\"form-error\">Place: is required") != std::string::npos);
    CHECK(pages.storage().open_content()->list().empty());
}

TEST_CASE("acknowledging an alert stores who and when; only current alerts can be acknowledged") {
    DashboardPages pages(KioskList{{"south-1", {"Bakery"}}},
                         [](floorsync::collector::CollectorConfig& config) { config.dashboard.kiosk_silent_minutes = 0; });
    RawReply reply = pages.get("/dashboard/alerts");
    REQUIRE(reply.status == 200);
    const std::string marker = "name=\"key\" value=\"";
    const auto at = reply.body.find(marker + "silent:south-1:");
    REQUIRE(at != std::string::npos);
    const auto start = at + marker.size();
    const std::string key = reply.body.substr(start, reply.body.find('"', start) - start);

    reply = pages.post("/dashboard/alerts/ack", {{"key", "silent:nobody:2020-01-01T00:00:00.000Z"}});
    CHECK(reply.status == 400);
    CHECK(pages.storage().open_accounts()->acknowledgements().empty());

    reply = pages.post("/dashboard/alerts/ack", {{"key", key}});
    REQUIRE(reply.status == 303);
    const auto acks = pages.storage().open_accounts()->acknowledgements();
    REQUIRE(acks.size() == 1);
    CHECK(acks[0].alert_key == key);
    CHECK(acks[0].by == pages.account_name());
    CHECK_FALSE(acks[0].at.empty());

    reply = pages.get("/dashboard/alerts?notice=acknowledged");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("Acknowledged by Dana Central on ") != std::string::npos);
    CHECK(reply.body.find("No open alerts.") != std::string::npos);
}

TEST_CASE("adding an ambassador through the form works, and the PIN never comes back in a reply") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly"}}});
    RawReply reply = pages.post("/dashboard/ambassadors/add",
                                {{"name", "Anna"}, {"department", "Assembly"}, {"pin", "482913"}, {"pin_again", "482914"}});
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("The two PINs differ") != std::string::npos);
    CHECK(reply.body.find("value=\"Anna\"") != std::string::npos);
    CHECK(reply.body.find("No ambassador yet") != std::string::npos);  // Assembly, a kiosk's department
    CHECK(reply.body.find("482913") == std::string::npos);
    CHECK(reply.body.find("482914") == std::string::npos);
    CHECK(pages.storage().open_ambassadors()->list().empty());

    reply = pages.post("/dashboard/ambassadors/add",
                       {{"name", "Anna"}, {"department", "Assembly"}, {"pin", "12"}, {"pin_again", "12"}});
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("the PIN") != std::string::npos);
    CHECK(reply.body.find("value=\"12\"") == std::string::npos);

    reply = pages.post("/dashboard/ambassadors/add",
                       {{"name", "Anna"}, {"department", "Assembly"}, {"pin", "482913"}, {"pin_again", "482913"}});
    REQUIRE(reply.status == 303);
    CHECK(reply.headers["location"] == "/dashboard/ambassadors?notice=added");
    const auto ambassadors = pages.storage().open_ambassadors()->list();
    REQUIRE(ambassadors.size() == 1);
    CHECK(ambassadors[0].name == "Anna");
    CHECK(ambassadors[0].department == "Assembly");

    reply = pages.get("/dashboard/ambassadors?notice=added");
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("<strong>Anna</strong>") != std::string::npos);
    CHECK(reply.body.find("482913") == std::string::npos);

    reply = pages.post("/dashboard/ambassadors/remove", {{"id", ambassadors[0].id}, {"confirm", "yes"}});
    CHECK(reply.status == 303);
    CHECK_FALSE(pages.storage().open_ambassadors()->find(ambassadors[0].id)->removed_at.empty());
}

TEST_CASE("an unknown kind or audience choice is refused with a clear error, the typed values kept, nothing stored") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly"}}});
    FormList unknown_kind = news_form("Nieuwe planning", "New schedule");
    unknown_kind[0] = {"kind", "newsletter"};
    RawReply reply = pages.post("/dashboard/publish/save", unknown_kind);
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("id=\"form-error\">Kind: there is no kind of item named &apos;newsletter&apos;; choose one") !=
          std::string::npos);
    CHECK(reply.body.find("value=\"Nieuwe planning\"") != std::string::npos);
    CHECK(reply.body.find("value=\"New schedule\"") != std::string::npos);
    // The form now asks for the kind instead of sending the unknown one again.
    CHECK(reply.body.find("<select id=\"kind\" name=\"kind\" required>") != std::string::npos);
    CHECK(reply.body.find("<option value=\"announcement\">News</option>") != std::string::npos);
    CHECK(reply.body.find("name=\"kind\" value=") == std::string::npos);
    CHECK(pages.storage().open_content()->list().empty());

    FormList no_kind = news_form("Nieuwe planning", "New schedule");
    no_kind.erase(no_kind.begin());
    reply = pages.post("/dashboard/publish/save", no_kind);
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("Kind: the form did not say which kind of item this is") != std::string::npos);

    FormList unknown_scope = news_form("Nieuwe planning", "New schedule");
    unknown_scope[1] = {"audience_scope", "assembly-only"};
    unknown_scope.push_back({"audience", "Assembly"});
    reply = pages.post("/dashboard/publish/save", unknown_scope);
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("id=\"form-error\">Audience: &apos;assembly-only&apos; is not a choice") != std::string::npos);
    CHECK(reply.body.find("value=\"Assembly\" checked") != std::string::npos);
    // Neither choice is ticked for the person: they say which they meant.
    CHECK(reply.body.find("value=\"everyone\" checked") == std::string::npos);
    CHECK(reply.body.find("value=\"departments\" checked") == std::string::npos);
    CHECK(pages.storage().open_content()->list().empty());

    FormList no_scope = news_form("Nieuwe planning", "New schedule");
    no_scope.erase(no_scope.begin() + 1);
    reply = pages.post("/dashboard/publish/save", no_scope);
    REQUIRE(reply.status == 400);
    CHECK(reply.body.find("Audience: choose everyone, or only the departments ticked or typed") != std::string::npos);
    CHECK(pages.storage().open_content()->list().empty());

    // The known values still publish.
    CHECK(pages.post("/dashboard/publish/save", news_form("Nieuwe planning", "New schedule")).status == 303);
}

TEST_CASE("withdraw, remove and dismiss need their ticked confirmation on the server, without any script") {
    DashboardPages pages(KioskList{{"north-1", {"Assembly"}}});
    REQUIRE(pages.post("/dashboard/publish/save", news_form("Nieuwe planning", "New schedule")).status == 303);
    const std::string item = pages.storage().open_content()->list().at(0).item.id;
    RawReply reply = pages.post("/dashboard/publish/withdraw", {{"id", item}, {"confirm", "no"}});
    CHECK(reply.status == 400);
    CHECK(reply.body.find("Tick “Yes, withdraw it”") != std::string::npos);
    CHECK_FALSE(pages.storage().open_content()->find(item)->withdrawn);
    // The list offers the tick as a required checkbox in each withdraw form.
    reply = pages.get("/dashboard/publish");
    CHECK(reply.body.find("name=\"confirm\" value=\"yes\" required") != std::string::npos);
    CHECK(reply.body.find("data-confirm") == std::string::npos);

    REQUIRE(pages.post("/dashboard/ambassadors/add", {{"name", "Anna"}, {"department", "Assembly"}, {"pin", "482913"},
                                                      {"pin_again", "482913"}})
                .status == 303);
    const std::string ambassador = pages.storage().open_ambassadors()->list().at(0).id;
    reply = pages.post("/dashboard/ambassadors/remove", {{"id", ambassador}});
    CHECK(reply.status == 400);
    CHECK(reply.body.find("Tick “Yes, remove”") != std::string::npos);
    CHECK(pages.storage().open_ambassadors()->find(ambassador)->removed_at.empty());

    // An id the services do not know: the message names it, without the command line's "(see: ...)".
    reply = pages.post("/dashboard/ambassadors/remove", {{"id", "no-such-ambassador"}, {"confirm", "yes"}});
    CHECK(reply.status == 400);
    CHECK(reply.body.find("no ambassador with id &apos;no-such-ambassador&apos;") != std::string::npos);
    CHECK(reply.body.find("(see:") == std::string::npos);
}
