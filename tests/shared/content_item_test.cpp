// Content items: one JSON form both ways, every refusal naming its field, the language fallback and the audience.
#include "sync/shared/content_item.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace floorsync;
using namespace floorsync::content;
using nlohmann::json;

namespace {

Item announcement() {
    Item item;
    item.id = "0190f3a4-5b6c-7d8e-9f00-112233445566";
    item.kind = Kind::announcement;
    item.default_language = "nl";
    item.translations["nl"] = Translation{"Nieuwe kassa", "Vanaf maandag.\nVraag het je teamleider.", ""};
    item.translations["en"] = Translation{"New till", "From Monday on.", ""};
    item.revision = 3;
    item.updated_at = "2026-11-29T08:00:00.000Z";
    return item;
}

Item training() {
    Item item = announcement();
    item.kind = Kind::training;
    item.at = "2026-12-01T09:00:00Z";
    item.until = "2026-12-01T11:00:00Z";
    item.place = "Zaal 2";
    item.seats = 12;
    item.audience = {"IT", "Sales"};
    return item;
}

// The field named by the ContentError that `item` causes ("" when it is valid).
std::string refused_field(const Item& item) {
    try {
        validate(item);
    } catch (const ContentError& error) {
        return error.field;
    }
    return "";
}

std::string decode_error(const std::string& text) {
    try {
        decode(text);
    } catch (const ContentError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("content: kinds have one name each") {
    for (const Kind kind : {Kind::announcement, Kind::why, Kind::milestone, Kind::training, Kind::you_said_we_did})
        CHECK(kind_named(to_string(kind)) == kind);
    CHECK(std::string(to_string(Kind::you_said_we_did)) == "you_said_we_did");
    CHECK_FALSE(kind_named("Training"));
    CHECK_FALSE(kind_named(""));
}

TEST_CASE("content: an item round-trips through encode and decode, keys sorted, empty fields left out") {
    for (const Item& item : {announcement(), training()}) {
        const std::string text = encode(item);
        CHECK(decode(text) == item);
        CHECK(json::parse(text).dump() == text);  // compact, keys in sorted order
    }
    const json plain = json::parse(encode(announcement()));
    for (const char* absent : {"audience", "at", "until", "place", "seats", "go_live", "shown_from", "shown_until"})
        CHECK_MESSAGE(!plain.contains(absent), absent);
    CHECK_FALSE(plain["translations"]["nl"].contains("detail"));
    CHECK(plain["kind"] == "announcement");
    CHECK(plain["revision"] == 3);

    Item why = announcement();
    why.kind = Kind::why;
    why.translations["nl"].detail = "Voor jou: minder dubbel werk.";
    why.translations["en"].detail = "For you: less double work.";
    why.shown_from = "2026-11-01T00:00:00Z";
    why.shown_until = "2027-01-01T00:00:00Z";
    CHECK(decode(encode(why)) == why);

    Item milestone = announcement();
    milestone.kind = Kind::milestone;
    milestone.at = "2027-02-01T00:00:00Z";
    milestone.go_live = true;
    CHECK(decode(encode(milestone)) == milestone);
    CHECK(json::parse(encode(milestone))["go_live"] == true);
}

TEST_CASE("content: decode ignores unknown fields and refuses an unknown kind with UnknownKind") {
    json object = json::parse(encode(announcement()));
    object["colour"] = "green";
    object["translations"]["nl"]["subtitle"] = "x";
    CHECK(decode(object.dump()) == announcement());

    object["kind"] = "poll";
    CHECK_THROWS_AS(decode(object.dump()), UnknownKind);
    object["kind"] = 3;
    try {
        decode(object.dump());
        FAIL("expected a ContentError");
    } catch (const UnknownKind&) {
        FAIL("a kind that is not a string is not an unknown kind");
    } catch (const ContentError& error) {
        CHECK(error.field == "kind");
    }
}

TEST_CASE("content: decode names the bad field") {
    const json good = json::parse(encode(training()));
    const auto with = [&](const char* key, const json& value) {
        json changed = good;
        changed[key] = value;
        return changed.dump();
    };
    CHECK(decode_error("{nope") == "invalid field 'item': is not valid JSON");
    CHECK(decode_error("[]") == "invalid field 'item': expected a JSON object");
    CHECK(decode_error(with("id", "0190F3A4-5B6C-7D8E-9F00-112233445566")) ==
          "invalid field 'id': expected a lower-case UUID");
    CHECK(decode_error(with("id", "q1")) == "invalid field 'id': expected a lower-case UUID");
    json no_id = good;
    no_id.erase("id");
    CHECK(decode_error(no_id.dump()) == "missing field 'id'");
    CHECK(decode_error(with("seats", "12")) == "invalid field 'seats': expected an integer 0..100000");
    CHECK(decode_error(with("seats", 100001)) == "invalid field 'seats': must be 0..100000 (0: no limit), got 100001");
    CHECK(decode_error(with("go_live", 1)) == "invalid field 'go_live': expected true or false");
    CHECK(decode_error(with("audience", "IT")) == "invalid field 'audience': expected an array of department names");
    CHECK(decode_error(with("audience", json::array({"IT", 7}))) ==
          "invalid field 'audience[1]': expected a string, got number");
    CHECK(decode_error(with("at", "tomorrow")).find("invalid field 'at': is not an RFC 3339 time") == 0);
    CHECK(decode_error(with("revision", -1)) == "invalid field 'revision': expected a non-negative integer");
    json no_title = good;
    no_title["translations"]["en"].erase("title");
    CHECK(decode_error(no_title.dump()) == "missing field 'translations.en.title'");
    json bad_tag = good;
    bad_tag["translations"]["n l"] = {{"title", "x"}};
    CHECK(decode_error(bad_tag.dump()).find("invalid field 'translations': 'n l' is not a language tag") == 0);
}

TEST_CASE("content: each refusal of validate names the field") {
    CHECK(refused_field(announcement()).empty());
    CHECK(refused_field(training()).empty());

    Item item = announcement();
    item.translations["nl"].title = std::string(201, 'a');
    CHECK(refused_field(item) == "translations.nl.title");
    try {
        validate(item);
    } catch (const ContentError& error) {
        CHECK(std::string(error.what()) == "invalid field 'translations.nl.title': is longer than 200 characters");
        CHECK(error.why == "is longer than 200 characters");
    }
    item.translations["nl"].title = "two\nlines";
    CHECK(refused_field(item) == "translations.nl.title");
    item.translations["nl"].title = "";
    CHECK(refused_field(item) == "translations.nl.title");
    item.translations["nl"].title = "salaris \u202Ekaput";
    CHECK(refused_field(item) == "translations.nl.title");

    item = announcement();
    item.translations["en"].body = "";  // an announcement may have a title only
    CHECK(refused_field(item).empty());
    item.translations["en"].body = std::string(5001, 'b');
    CHECK(refused_field(item) == "translations.en.body");
    item.translations["en"].body = "bad \xFF";
    CHECK(refused_field(item) == "translations.en.body");
    item.translations["en"].body = "ok";
    item.translations["en"].detail = "only for why";
    CHECK(refused_field(item) == "translations.en.detail");

    item = announcement();
    item.kind = Kind::why;
    item.translations["en"].body = "";
    CHECK(refused_field(item) == "translations.en.body");
    item.kind = Kind::you_said_we_did;
    CHECK(refused_field(item) == "translations.en.body");
    item.translations["en"].body = "You said: the screens are too small.";
    item.translations["en"].detail = std::string(5001, 'd');
    CHECK(refused_field(item) == "translations.en.detail");

    item = announcement();
    item.translations.clear();
    CHECK(refused_field(item) == "translations");
    item = announcement();
    for (int i = 0; i < 16; ++i) item.translations["x" + std::to_string(10 + i)] = Translation{"t", "", ""};
    CHECK(refused_field(item) == "translations");
    item = announcement();
    item.translations["english"] = Translation{"t", "", ""};  // 7 letters: a valid tag
    CHECK(refused_field(item).empty());
    item.translations["e"] = Translation{"t", "", ""};
    CHECK(refused_field(item) == "translations");
    item = announcement();
    item.default_language = "de";
    CHECK(refused_field(item) == "default_language");
    item.default_language = "";
    CHECK(refused_field(item) == "default_language");

    item = announcement();
    item.audience = {"Sales", "IT"};
    CHECK(refused_field(item) == "audience");
    item.audience = {"IT", "IT"};
    CHECK(refused_field(item) == "audience");
    item.audience = {"IT", ""};
    CHECK(refused_field(item) == "audience[1]");
    item.audience = {"IT", std::string(101, 's')};
    CHECK(refused_field(item) == "audience[1]");
    item.audience = {"IT", "Sales"};
    CHECK(refused_field(item).empty());

    item = announcement();
    item.shown_from = "2026-12-01";
    CHECK(refused_field(item) == "shown_from");
    item.shown_from = "2026-12-02T00:00:00Z";
    item.shown_until = "2026-12-01T00:00:00+01:00";
    CHECK(refused_field(item) == "shown_until");
    item.shown_until = "2026-12-02T00:00:00Z";
    CHECK(refused_field(item) == "shown_until");  // not after
    item.shown_until = "2026-12-02T00:00:01Z";
    CHECK(refused_field(item).empty());
}

TEST_CASE("content: each kind has the fields it needs and no others") {
    Item item = announcement();
    item.at = "2026-12-01T09:00:00Z";
    CHECK(refused_field(item) == "at");
    item = announcement();
    item.go_live = true;
    CHECK(refused_field(item) == "go_live");
    item = announcement();
    item.place = "Zaal 2";
    CHECK(refused_field(item) == "place");
    item = announcement();
    item.seats = 3;
    CHECK(refused_field(item) == "seats");
    item = announcement();
    item.until = "2026-12-01T09:00:00Z";
    CHECK(refused_field(item) == "until");

    item = announcement();
    item.kind = Kind::milestone;
    CHECK(refused_field(item) == "at");
    item.at = "2027-02-01T00:00:00Z";
    CHECK(refused_field(item).empty());
    item.until = "2027-02-02T00:00:00Z";
    CHECK(refused_field(item) == "until");
    item.until.clear();
    item.place = "Hal 3";
    CHECK(refused_field(item) == "place");

    item = training();
    item.at.clear();
    CHECK(refused_field(item) == "at");
    item = training();
    item.until.clear();
    CHECK(refused_field(item) == "until");
    item.until = item.at;
    CHECK(refused_field(item) == "until");
    item.until = "2026-12-01T08:00:00Z";
    CHECK(refused_field(item) == "until");
    item = training();
    item.place.clear();
    CHECK(refused_field(item) == "place");
    item.place = "line\nbreak";
    CHECK(refused_field(item) == "place");
    item.place = std::string(201, 'p');
    CHECK(refused_field(item) == "place");
    item = training();
    item.seats = -1;
    CHECK(refused_field(item) == "seats");
    item.seats = 100001;
    CHECK(refused_field(item) == "seats");
    item.seats = 0;
    CHECK(refused_field(item).empty());
    item.go_live = true;
    CHECK(refused_field(item) == "go_live");

    CHECK_THROWS_AS(encode(item), ContentError);  // encode refuses what validate refuses
}

TEST_CASE("content: translation_for falls back to the default language") {
    Item item = announcement();
    CHECK(translation_for(item, "en").title == "New till");
    CHECK(translation_for(item, "nl").title == "Nieuwe kassa");
    CHECK(translation_for(item, "de").title == "Nieuwe kassa");
    CHECK(translation_for(item, "").title == "Nieuwe kassa");
    item.default_language = "en";
    CHECK(translation_for(item, "fr").title == "New till");
    item.default_language = "fr";  // an invalid item: no text to fall back to
    CHECK_THROWS_AS(translation_for(item, "de"), ContentError);
}

TEST_CASE("content: is_for: the whole organisation, or one of the kiosk's departments") {
    Item item = announcement();
    CHECK(is_for(item, {}));
    CHECK(is_for(item, {"Sales"}));
    item.audience = {"IT", "Sales"};
    CHECK(is_for(item, {"Sales"}));
    CHECK(is_for(item, {"Logistics", "IT"}));
    CHECK_FALSE(is_for(item, {"Logistics"}));
    CHECK_FALSE(is_for(item, {}));
    CHECK_FALSE(is_for(item, {"sales"}));  // names are compared exactly
}
