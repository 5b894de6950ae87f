// seed-demo: registers the demo kiosks, publishes the demo content, adds the ambassadors, stores the demo timeline
// through EventWriter (with ingest's question checks), lets the central team act, and adds the account "demo".
#include "collector/seed_demo.hpp"

#include "collector/ambassador_service.hpp"
#include "collector/central_question_service.hpp"
#include "collector/content_service.hpp"
#include "collector/dashboard/account_service.hpp"
#include "collector/question_checks.hpp"
#include "collector/registry.hpp"
#include "collector/seed_demo_cast.hpp"
#include "collector/seed_demo_timeline.hpp"
#include "sync/shared/event_types.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace floorsync::collector {

namespace {

using namespace demo;

constexpr const char* kAccountName = "demo";
constexpr std::size_t kPasswordLength = 16;
constexpr std::string_view kPasswordAlphabet = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

std::string random_password() {
    std::string password;
    for (std::size_t i = 0; i < kPasswordLength; ++i)
        password += kPasswordAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kPasswordAlphabet.size()))];
    return password;
}

std::string random_pin() {
    std::string pin;
    for (std::size_t i = 0; i < ambassador::pin_min_digits; ++i)
        pin += static_cast<char>('0' + randombytes_uniform(10));
    return pin;
}

void refuse_unless_empty(Storage& storage, KioskTable& kiosks) {
    const std::int64_t events = storage.open_reader()->count("");
    if (events > 0)
        throw SeedDemoError("seed-demo fills only an empty collector database (" + storage.describe() + " holds " +
                            std::to_string(events) + " events)");
    std::set<std::string> demo_ids;
    for (const auto& kiosk : demo_kiosks()) demo_ids.insert(kiosk.id);
    for (const auto& kiosk : kiosks.list())
        if (demo_ids.count(kiosk.id) != 0)
            throw SeedDemoError("seed-demo fills only an empty collector database (kiosk '" + kiosk.id +
                                "' is registered already)");
}

std::vector<KioskIdentity> register_kiosks(KioskTable& table) {
    KioskRegistry registry(table);
    for (const auto& kiosk : demo_kiosks()) {
        registry.add(kiosk.id, kiosk.departments);  // the token is not kept: `kiosk rotate` gives a real kiosk one
        if (!table.set_site(kiosk.id, kiosk.site)) throw StorageError("seed-demo: kiosk '" + kiosk.id + "' vanished");
    }
    std::vector<KioskIdentity> identities;
    const auto listed = table.list();
    for (const auto& kiosk : demo_kiosks()) {
        const auto found =
            std::find_if(listed.begin(), listed.end(), [&](const KioskRecord& r) { return r.id == kiosk.id; });
        identities.push_back({kiosk.id, found->departments});
    }
    return identities;
}

content::Item item_of(content::Kind kind, const DemoTexts& texts, std::vector<std::string> audience = {}) {
    content::Item item;
    item.kind = kind;
    item.audience = std::move(audience);
    item.default_language = "nl";
    item.translations["nl"] = {texts.title_nl, texts.body_nl, texts.detail_nl};
    item.translations["en"] = {texts.title_en, texts.body_en, texts.detail_en};
    return item;
}

// Publishes the demo's content, each item at a time of the period (ContentService's clock); returns the training
// sessions for the "I'll be there" taps and the number of items.
std::pair<std::vector<DemoSession>, std::size_t> publish_content(ContentTable& table, const DemoCalendar& calendar) {
    SystemTime published = calendar.at(0, 8.5);
    ContentService service(table, [&] { return published; });
    const auto on_day = [&](int days_ago) { published = calendar.at(std::max(0, calendar.today() - days_ago), 8.5); };
    std::size_t items = 0;
    const auto add = [&](content::Item item) {
        ++items;
        return service.add(std::move(item));
    };

    on_day(calendar.today());
    add(item_of(content::Kind::why, demo_why()));
    for (const DemoMilestone& milestone : demo_milestones()) {
        content::Item item = item_of(content::Kind::milestone, milestone.texts);
        item.at = format_rfc3339_utc(calendar.at(calendar.today() + milestone.in_days, 9));
        item.go_live = milestone.go_live;
        add(std::move(item));
    }
    on_day(12);
    std::vector<DemoSession> sessions;
    for (const DemoTraining& training : demo_trainings()) {
        content::Item item = item_of(content::Kind::training, training.texts);
        item.at = format_rfc3339_utc(calendar.at(calendar.today() + training.in_days, 9));
        item.until = format_rfc3339_utc(calendar.at(calendar.today() + training.in_days, 9 + training.hours));
        item.place = training.place;
        item.seats = training.seats;
        const content::Item stored = add(std::move(item));
        sessions.push_back({stored.id, stored.audience, training.interested, std::max(0, calendar.today() - 12)});
    }
    on_day(10);
    add(item_of(content::Kind::announcement, demo_news()[0]));
    on_day(8);
    add(item_of(content::Kind::you_said_we_did, demo_you_said_we_did()[0]));
    on_day(4);
    add(item_of(content::Kind::announcement, demo_news()[1], {dropping_department()}));
    on_day(2);
    add(item_of(content::Kind::you_said_we_did, demo_you_said_we_did()[1]));
    return {std::move(sessions), items};
}

std::vector<SigningAmbassador> add_ambassadors(AmbassadorTable& table, const DemoCalendar& calendar,
                                               const ambassador::KdfParams& params) {
    const SystemTime added = calendar.at(0, 8);
    AmbassadorService service(table, params, [&] { return added; });
    std::vector<SigningAmbassador> signers;
    for (const DemoAmbassador& person : demo_ambassadors()) {
        // A random PIN nobody is told (reset it to use the ambassador on a kiosk); another try in the rare case
        // that another ambassador drew the same one.
        for (int attempt = 0;; ++attempt) {
            try {
                const AmbassadorRecord record = service.add(person.name, person.department, random_pin());
                const auto key = ambassador::mac_key_from_hex(record.mac_key);
                if (!key) throw StorageError("seed-demo: ambassador " + record.id + " has a malformed MAC key");
                signers.push_back({record.id, record.department, *key});
                break;
            } catch (const AmbassadorError&) {
                if (attempt >= 5) throw;
            }
        }
    }
    return signers;
}

// One EventWriter transaction with these uploads, at `received` (last_seen); every event must be stored.
void store_uploads(EventWriter& writer, AmbassadorTable& ambassadors, QuestionTable& questions,
                   const std::vector<KioskIdentity>& identities, std::vector<DemoUpload>& uploads, SystemTime received) {
    if (uploads.empty()) return;
    std::vector<BatchWrite> batches;
    batches.reserve(uploads.size());
    for (DemoUpload& upload : uploads) {
        const KioskIdentity& kiosk = identities[upload.kiosk];
        if (needs_question_checks(upload.events)) check_question_events(upload.events, kiosk, ambassadors, questions);
        for (const CheckedEvent& checked : upload.events)
            if (!checked.error.empty())
                throw std::logic_error("seed-demo made an event ingest refuses: " + checked.error);
        batches.push_back({&kiosk, &upload.report, &upload.events, std::nullopt});
    }
    std::vector<BatchWrite*> pointers;
    for (BatchWrite& batch : batches) pointers.push_back(&batch);
    writer.write(pointers, format_rfc3339_utc(received));
    for (const BatchWrite& batch : batches) {
        if (!batch.results) throw StorageError("seed-demo: kiosk '" + batch.kiosk->id + "' was revoked meanwhile");
        for (const EventResult& result : *batch.results)
            if (result.status != ResultStatus::stored)
                throw StorageError("seed-demo: an event was not stored (" + std::string(to_string(result.status)) + " " +
                                   result.error + ")");
    }
}

// Every day's uploads as the kiosks would have sent them: past days in one transaction each in the evening, today
// the kiosks of each site together a few minutes ago (so the sites differ in last_seen, without a commit per kiosk).
void store_timeline(Storage& storage, DemoTimeline& timeline, const DemoCalendar& calendar,
                    const std::vector<KioskIdentity>& identities) {
    const auto writer = storage.open_writer();
    const auto ambassadors = storage.open_ambassadors();
    const auto questions = storage.open_questions();
    for (int day = 0; day < calendar.today(); ++day) {
        auto uploads = timeline.day(day);
        store_uploads(*writer, *ambassadors, *questions, identities, uploads,
                      std::min(calendar.at(day, 19), calendar.latest_event()));
    }
    auto today = timeline.day(calendar.today());
    for (std::size_t site = 0; site < demo_sites().size(); ++site) {
        std::vector<DemoUpload> of_site;
        for (DemoUpload& upload : today)
            if (demo_kiosks()[upload.kiosk].site == demo_sites()[site]) of_site.push_back(std::move(upload));
        store_uploads(*writer, *ambassadors, *questions, identities, of_site,
                      calendar.now() - std::chrono::minutes(2 + 7 * static_cast<int>(site)));
    }
}

std::size_t run_central_actions(QuestionTable& table, const std::vector<CentralAction>& actions) {
    SystemTime at;
    CentralQuestionService service(table, [&] { return at; });
    for (const CentralAction& action : actions) {
        at = action.at;
        if (action.action == events::moderation_action::publish) {
            service.publish(action.question);
        } else {
            service.answer(action.question, action.text);
        }
    }
    return actions.size();
}

}  // namespace

SeedDemoReport seed_demo(Storage& storage, const SeedDemoOptions& options) {
    if (options.weeks < kDemoMinWeeks || options.weeks > kDemoMaxWeeks)
        throw SeedDemoUsageError("--weeks must be " + std::to_string(kDemoMinWeeks) + " to " +
                                 std::to_string(kDemoMaxWeeks));
    if (sodium_init() < 0) throw StorageError("libsodium failed to initialise");
    const auto kiosks = storage.open_kiosks();
    refuse_unless_empty(storage, *kiosks);

    const DemoCalendar calendar(options.now, options.weeks);
    SeedDemoReport report;
    report.sites = demo_sites().size();
    report.departments = demo_departments().size();
    const std::vector<KioskIdentity> identities = register_kiosks(*kiosks);
    report.kiosks = identities.size();

    const auto content_table = storage.open_content();
    auto [sessions, items] = publish_content(*content_table, calendar);
    report.content_items = items;
    const auto ambassador_table = storage.open_ambassadors();
    std::vector<SigningAmbassador> signers = add_ambassadors(*ambassador_table, calendar, options.pin_params);
    report.ambassadors = signers.size();

    DemoTimeline timeline(calendar, options.seed, std::move(signers), std::move(sessions));
    store_timeline(storage, timeline, calendar, identities);
    const TimelineCounts& counts = timeline.counts();
    report.ratings = counts.ratings;
    report.suspect = counts.suspect;
    report.reasons = counts.reasons;
    report.questions = counts.questions;
    report.votes = counts.votes;
    report.ambassador_actions = counts.moderations;
    report.interest = counts.interest;
    report.central_actions = run_central_actions(*storage.open_questions(), timeline.central_actions());

    if (options.create_account) {
        dashboard::AccountTablePool pool(storage, 1, 1);
        const DashboardSettings settings;
        dashboard::AccountService accounts(pool, settings,
                                           options.lowest_password_cost ? dashboard::PasswordLimits::lowest()
                                                                        : dashboard::PasswordLimits::interactive());
        if (accounts.list_users().empty()) {
            report.account_password = random_password();
            accounts.add_user(kAccountName, report.account_password);
            report.account_name = kAccountName;
        }
    }
    return report;
}

const std::vector<std::string>& seed_demo_value_options() {
    static const std::vector<std::string> names{"weeks", "seed"};
    return names;
}

namespace {

std::uint64_t number_option(const OptionValues& options, const std::string& name, std::uint64_t fallback) {
    const std::string text = one_option<SeedDemoUsageError>(options, name);
    if (text.empty()) return fallback;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        throw SeedDemoUsageError("--" + name + " must be a whole number, got '" + text + "'");
    return value;
}

}  // namespace

int run_seed_demo_command(const std::vector<std::string>& words, const OptionValues& options,
                          const CollectorConfig& config, const std::vector<std::string>& ignored_options,
                          std::FILE* out) {
    allow_only_options<SeedDemoUsageError>(options, seed_demo_value_options(), ignored_options, "seed-demo");
    if (words.size() > 1) throw SeedDemoUsageError("unexpected '" + words[1] + "' after seed-demo");
    SeedDemoOptions demo_options;
    const std::uint64_t weeks = number_option(options, "weeks", SeedDemoOptions{}.weeks);
    if (weeks < kDemoMinWeeks || weeks > kDemoMaxWeeks)
        throw SeedDemoUsageError("--weeks must be " + std::to_string(kDemoMinWeeks) + " to " +
                                 std::to_string(kDemoMaxWeeks));
    demo_options.weeks = static_cast<int>(weeks);
    demo_options.seed = number_option(options, "seed", 1);

    const auto storage = open_storage(config.db_path);
    const SeedDemoReport report = seed_demo(*storage, demo_options);
    std::fprintf(out,
                 "seed-demo filled %s:\n"
                 "  %zu sites, %zu departments, %zu kiosks (their tokens are not shown: `kiosk rotate` gives one)\n"
                 "  %d weeks and this week so far: %zu ratings, %zu with follow-up reasons, %zu suspect repeated taps\n"
                 "  %zu questions with %zu \"me too\" votes, %zu ambassador actions, %zu central team actions\n"
                 "  %zu published items, %zu \"I'll be there\" taps, %zu ambassadors (their PINs are not shown: "
                 "`ambassador reset-pin` sets one)\n",
                 storage->describe().c_str(), report.sites, report.departments, report.kiosks, demo_options.weeks,
                 report.ratings, report.reasons, report.suspect, report.questions, report.votes,
                 report.ambassador_actions, report.central_actions, report.content_items, report.interest,
                 report.ambassadors);
    const std::string scheme = config.tls_cert_file.empty() ? "http" : "https";
    // A wildcard listen address is reached on loopback from this machine.
    std::string host = config.listen_host;
    if (host == "0.0.0.0") host = "127.0.0.1";
    if (host == "::") host = "::1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    const std::string url = scheme + "://" + host + ":" + std::to_string(config.listen_port) + "/dashboard/";
    if (report.account_name.empty()) {
        std::fprintf(out,
                     "an account exists already, so none was added; start `kiosk-collector serve` on this database "
                     "and open %s\n",
                     url.c_str());
    } else {
        std::fprintf(out, "Start `kiosk-collector serve` on this database, then open %s and sign in as %s / %s\n",
                     url.c_str(), report.account_name.c_str(), report.account_password.c_str());
    }
    return 0;
}

}  // namespace floorsync::collector
