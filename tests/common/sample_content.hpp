// Content items for kiosk tests, built the way the collector would publish them (validated by content::validate).
#pragma once

#include "sync/content_snapshot.hpp"
#include "sync/shared/content_item.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace kiosk_test {

using floorsync::content::Item;
using floorsync::content::Kind;

inline std::string content_id(int n) {
    const std::string digits = std::to_string(n);
    return "0190a6f3-0000-7000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

inline Item make_item(int n, Kind kind, std::string nl_title, std::string en_title, std::string body = {}) {
    Item item;
    item.id = content_id(n);
    item.kind = kind;
    item.default_language = "nl";
    item.translations["nl"] = {std::move(nl_title), body, {}};
    item.translations["en"] = {std::move(en_title), body, {}};
    item.revision = n;
    item.updated_at = "2026-11-" + std::string(n < 10 ? "0" : "") + std::to_string(std::min(n, 28)) + "T08:00:00.000Z";
    return item;
}

inline Item announcement(int n, std::string nl_title, std::string en_title, std::string body = "Meer informatie volgt.") {
    return make_item(n, Kind::announcement, std::move(nl_title), std::move(en_title), std::move(body));
}

inline Item why_item(int n, std::string for_organisation, std::string for_you) {
    Item item = make_item(n, Kind::why, "Waarom een nieuw systeem?", "Why a new system?");
    for (auto& [language, texts] : item.translations) {
        texts.body = for_organisation;
        texts.detail = for_you;
    }
    return item;
}

inline Item milestone(int n, std::string at, bool go_live, std::string nl_title, std::string en_title) {
    Item item = make_item(n, Kind::milestone, std::move(nl_title), std::move(en_title));
    item.at = std::move(at);
    item.go_live = go_live;
    return item;
}

inline Item training(int n, std::string at, std::string until, std::string place, int seats, std::string nl_title,
                     std::string en_title) {
    Item item = make_item(n, Kind::training, std::move(nl_title), std::move(en_title));
    item.at = std::move(at);
    item.until = std::move(until);
    item.place = std::move(place);
    item.seats = seats;
    return item;
}

inline std::shared_ptr<const floorsync::ContentSnapshot> snapshot_of(std::vector<Item> items, std::uint64_t version = 1) {
    for (const Item& item : items) floorsync::content::validate(item);  // what the kiosk would have accepted
    auto snapshot = std::make_shared<floorsync::ContentSnapshot>();
    snapshot->items = std::move(items);
    snapshot->version = version;
    return snapshot;
}

}  // namespace kiosk_test
