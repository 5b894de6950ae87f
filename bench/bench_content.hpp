// Realistic published content for the benchmarks (header only; each bench .cpp is its own program): titles of about
// 60 characters and bodies of about 600, in Dutch and English, in the mix of kinds the central team publishes.
#pragma once

#include "sync/shared/clock.hpp"
#include "sync/shared/content_item.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace bench_content {

using floorsync::content::Item;
using floorsync::content::Kind;
using floorsync::content::Translation;

inline const std::vector<std::string>& sentences(bool dutch) {
    static const std::vector<std::string> nl = {
        "Vanaf maandag werken alle teams in het magazijn met de nieuwe handscanners.",
        "Je teamleider deelt ze uit bij de start van je dienst en legt kort uit hoe ze werken.",
        "De oude scanners blijven nog twee weken beschikbaar, voor het geval er iets misgaat.",
        "Heb je vragen? Loop gerust binnen bij het projectteam in de kantine, elke dinsdag en donderdag.",
        "We hebben jullie feedback gelezen: de inlogstap is korter gemaakt en werkt nu ook met je pas.",
        "De training duurt ongeveer een uur en is tijdens werktijd; je hoeft niets voor te bereiden.",
        "In België en Nederland gaan de vestigingen tegelijk over, zodat niemand met twee systemen werkt.",
        "Wie wil oefenen, kan dat op de testomgeving; de gegevens daar zijn niet echt en mogen fout gaan.",
        "Het nieuwe systeem toont voorraad per locatie, zodat je minder vaak hoeft te zoeken of te bellen.",
    };
    static const std::vector<std::string> en = {
        "From Monday every warehouse team works with the new handheld scanners.",
        "Your team lead hands them out at the start of your shift and shows you how they work.",
        "The old scanners stay available for two more weeks, in case something goes wrong.",
        "Questions? Drop in at the project team's desk in the canteen, every Tuesday and Thursday.",
        "We read your feedback: the login step is shorter now and also works with your badge.",
        "The training takes about an hour, during working hours; there is nothing to prepare.",
        "Sites in Belgium and the Netherlands switch at the same time, so nobody works with two systems.",
        "If you want to practise, use the test environment; its data is not real and may go wrong.",
        "The new system shows stock per location, so you search and phone around less often.",
    };
    return dutch ? nl : en;
}

// About `length` characters of text from the pool, starting at sentence `seed`, cut at a word boundary; with
// `paragraphs`, a line feed between every three sentences.
inline std::string text_of(bool dutch, std::size_t seed, std::size_t length, bool paragraphs) {
    const auto& pool = sentences(dutch);
    std::string out;
    for (std::size_t i = 0; out.size() < length; ++i) {
        if (!out.empty()) out += paragraphs && i % 3 == 0 ? "\n" : " ";
        out += pool[(seed + i * 5) % pool.size()];
    }
    if (out.size() > length) {
        const auto cut = out.rfind(' ', length);
        out.resize(cut == std::string::npos ? length : cut);
    }
    return out;
}

inline std::string title_of(bool dutch, std::size_t index) {
    std::string title = text_of(dutch, index, 60, false);
    title += " (" + std::to_string(index + 1) + ")";
    return title;
}

// The item `index` of a set: `mix` false gives announcements only (news); true gives the publishing team's mix
// (60% announcements, 10% each why, milestone, training, "you said, we did"), exactly one milestone the go-live.
// The id, revision and updated_at are left empty (the collector gives them); with_identity() fills them in.
inline Item make_item(std::size_t index, bool mix, floorsync::SystemTime now = std::chrono::system_clock::now()) {
    Item item;
    item.default_language = "nl";
    const unsigned slot = mix ? static_cast<unsigned>(index % 10) : 0;
    item.kind = slot <= 5 ? Kind::announcement
              : slot == 6 ? Kind::why
              : slot == 7 ? Kind::milestone
              : slot == 8 ? Kind::training
                          : Kind::you_said_we_did;
    const bool has_detail = item.kind == Kind::why || item.kind == Kind::you_said_we_did;
    for (const bool dutch : {true, false}) {
        Translation texts;
        texts.title = title_of(dutch, index);
        texts.body = text_of(dutch, index + 1, 600, true);
        if (has_detail) texts.detail = text_of(dutch, index + 2, 300, true);
        item.translations[dutch ? "nl" : "en"] = std::move(texts);
    }
    const auto day = std::chrono::hours(24);
    if (item.kind == Kind::milestone) {
        item.at = floorsync::format_rfc3339_utc(now + static_cast<int>(index % 90) * day - 30 * day);
        item.go_live = index == 7;
    }
    if (item.kind == Kind::training) {
        const auto starts = now + static_cast<int>(1 + index % 60) * day;
        item.at = floorsync::format_rfc3339_utc(starts);
        item.until = floorsync::format_rfc3339_utc(starts + std::chrono::hours(1));
        item.place = "Kantine, gebouw " + std::to_string(1 + index % 4);
        item.seats = 12;
    }
    return item;
}

// The item as a kiosk receives it from the feed: a UUID, its revision and an updated_at (older items earlier).
inline Item with_identity(Item item, std::int64_t revision, floorsync::TimeOrderedUuids& ids,
                          floorsync::SystemTime at) {
    item.id = ids.next(at);
    item.revision = revision;
    item.updated_at = floorsync::format_rfc3339_utc(at);
    return item;
}

// `count` items as a kiosk holds them after polling the feed: revisions 1..count, the newest updated a minute ago.
inline std::vector<Item> kiosk_items(std::size_t count, bool mix) {
    const auto now = std::chrono::system_clock::now();
    floorsync::TimeOrderedUuids ids;
    std::vector<Item> items;
    items.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto at = now - std::chrono::minutes(static_cast<long>(count - i));
        items.push_back(with_identity(make_item(i, mix, now), static_cast<std::int64_t>(i + 1), ids, at));
    }
    return items;
}

}  // namespace bench_content
