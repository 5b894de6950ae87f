// The demo's events day by day: ratings shaped per department and week, reasons that name each department's
// barrier, a confidence drop, suspect bursts, questions with votes and signed ambassadors' actions, training taps.
#include "collector/seed_demo_timeline.hpp"

#include "sync/shared/event_types.hpp"
#include "sync/shared/pickup_code.hpp"
#include "sync/shared/question_view.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <numeric>
#include <stdexcept>

namespace floorsync::collector::demo {

namespace {

// The kiosk's default reasons that name a pillar (DashboardSettings::pillars), and the one that names none.
constexpr std::array<const char*, 4> kPillarReasons{"dont_know_what", "dont_see_why", "need_training", "need_help"};
constexpr const char* kNoBarrierReason = "works_for_me";
constexpr double kNoDepartmentShare = 0.03;  // ratings with "prefer not to say"
constexpr double kScoreSpread = 0.9;         // how widely scores scatter around a group's mean

const DemoDepartment& department_named(const std::string& name) {
    static const DemoDepartment none{"", 3.1, 0.3, "dont_see_why"};
    for (const auto& department : demo_departments())
        if (department.name == name) return department;
    return none;
}

double site_offset(const std::string& site) {
    if (site == "Rotterdam") return 0.1;
    if (site == "Gent") return -0.1;
    return 0.0;
}

bool is_silent(std::size_t kiosk) { return demo_kiosks()[kiosk].id == silent_kiosk_id(); }

}  // namespace

std::uint64_t DemoRandom::next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double DemoRandom::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

int DemoRandom::between(int low, int high) {
    if (high <= low) return low;
    return low + static_cast<int>(next() % static_cast<std::uint64_t>(high - low + 1));
}

DemoCalendar::DemoCalendar(SystemTime now, int weeks) : now_(now), weeks_(weeks) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm local{};
    localtime_r(&seconds, &local);
    const int since_monday = (local.tm_wday + 6) % 7;
    today_ = weeks * 7 + since_monday;
    std::tm first = local;
    first.tm_mday -= today_;
    first.tm_hour = 12;  // noon: normalising never crosses a day boundary on a DST change
    first.tm_min = 0;
    first.tm_sec = 0;
    first.tm_isdst = -1;
    std::mktime(&first);
    year_ = first.tm_year;
    month_ = first.tm_mon;
    mday_ = first.tm_mday;
}

SystemTime DemoCalendar::at(int day, double hour) const {
    const auto millis = static_cast<std::int64_t>(std::llround(hour * 3'600'000.0));
    std::tm local{};
    local.tm_year = year_;
    local.tm_mon = month_;
    local.tm_mday = mday_ + day;
    local.tm_hour = static_cast<int>(millis / 3'600'000);
    local.tm_min = static_cast<int>(millis / 60'000 % 60);
    local.tm_sec = static_cast<int>(millis / 1000 % 60);
    local.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&local)) + std::chrono::milliseconds(millis % 1000);
}

DemoTimeline::DemoTimeline(const DemoCalendar& calendar, std::uint64_t seed, std::vector<SigningAmbassador> ambassadors,
                           std::vector<DemoSession> sessions)
    : calendar_(calendar),
      random_(seed),
      ambassadors_(std::move(ambassadors)),
      sessions_(std::move(sessions)),
      ids_(demo_kiosks().size()) {
    plan_questions();
    plan_sessions();
}

SystemTime DemoTimeline::time_on(int day, double from_hour, double to_hour) {
    const SystemTime at = calendar_.at(day, from_hour + random_.uniform() * (to_hour - from_hour));
    if (at <= calendar_.latest_event()) return at;
    return calendar_.latest_event() - std::chrono::seconds(random_.between(60, 1800));
}

std::size_t DemoTimeline::kiosk_for(const std::string& department) {
    std::vector<std::size_t> candidates;
    for (std::size_t k = 0; k < demo_kiosks().size(); ++k) {
        const auto& departments = demo_kiosks()[k].departments;
        if (is_silent(k)) continue;
        if (department.empty() || std::find(departments.begin(), departments.end(), department) != departments.end())
            candidates.push_back(k);
    }
    if (candidates.empty()) throw std::logic_error("seed-demo: no kiosk serves '" + department + "'");
    return candidates[static_cast<std::size_t>(random_.between(0, static_cast<int>(candidates.size()) - 1))];
}

void DemoTimeline::plan_questions() {
    const auto& all = demo_questions();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const DemoQuestion& question = all[i];
        QuestionPlan plan;
        plan.question = &question;
        plan.day = std::max(0, calendar_.today() - question.asked_days_ago);
        plan.kiosk = kiosk_for(question.department);
        if (question.with_pickup) {
            std::string code;
            for (std::size_t s = 0; s < pickup::code_symbols; ++s)
                code += pickup::alphabet[static_cast<std::size_t>(random_.between(0, pickup::alphabet.size() - 1))];
            const pickup::Keys keys = pickup::derive(code);
            plan.pickup_id = keys.id;
            plan.pickup_key = keys.public_key;
        }
        Planned asked;
        asked.at = time_on(plan.day, 9, 16);
        asked.kind = Kind::question;
        asked.kiosk = plan.kiosk;
        asked.department = question.department;
        asked.language = question.language;
        asked.question = i;
        extra_.emplace(plan.day, asked);

        for (int v = 0; v < question.votes; ++v) {
            Planned vote;
            vote.kind = Kind::vote;
            vote.question = i;
            vote.department = question.department;
            vote.language = random_.chance(0.3) ? "en" : "nl";
            const int day = plan.day < calendar_.today() ? random_.between(plan.day + 1, calendar_.today()) : plan.day;
            if (day == plan.day) {
                // The same day: from the asking kiosk (in its own upload the question comes first), after the question.
                vote.kiosk = plan.kiosk;
                vote.at = asked.at + std::chrono::minutes(random_.between(1, 30));
                if (vote.at > calendar_.latest_event()) continue;
            } else {
                vote.kiosk = kiosk_for(question.department);
                vote.at = time_on(day, 8, 17);
            }
            extra_.emplace(day, vote);
        }

        const int first = plan.day + question.first_action_days_later;
        const auto moderate = [&](int day, const char* action, const std::string& text) {
            if (day > calendar_.today()) return;
            const auto found =
                std::find_if(ambassadors_.begin(), ambassadors_.end(),
                             [&](const SigningAmbassador& a) { return a.department == question.department; });
            if (found == ambassadors_.end())
                throw std::logic_error("seed-demo: no ambassador for '" + question.department + "'");
            Planned moderation;
            moderation.kind = Kind::moderation;
            moderation.at = time_on(day, 10, 17);
            moderation.kiosk = kiosk_for(question.department);
            moderation.question = i;
            moderation.action = action;
            moderation.text = text;
            moderation.ambassador = static_cast<std::size_t>(found - ambassadors_.begin());
            extra_.emplace(day, moderation);
        };
        const auto central = [&](int day, const char* action, const std::string& text) {
            if (day > calendar_.today()) return;
            central_.push_back({"", action, text, time_on(day, 10, 17)});
            central_question_.push_back(i);
        };
        namespace act = events::moderation_action;
        switch (question.fate) {
        case QuestionFate::waiting: break;
        case QuestionFate::ambassador_answer: moderate(first, act::answer, question.answer); break;
        case QuestionFate::ambassador_publish_then_answer:
            moderate(first, act::publish, "");
            moderate(first + 1, act::answer, question.answer);
            break;
        case QuestionFate::ambassador_private:
            moderate(first, act::answer_private, pickup::seal(question.answer, plan.pickup_key));
            break;
        case QuestionFate::ambassador_dismiss: moderate(first, act::dismiss, ""); break;
        case QuestionFate::central_answer: central(first, act::answer, question.answer); break;
        case QuestionFate::central_publish_then_answer:
            central(first, act::publish, "");
            central(first + 1, act::answer, question.answer);
            break;
        case QuestionFate::central_publish: central(first, act::publish, ""); break;
        }
        questions_.push_back(std::move(plan));
    }
}

void DemoTimeline::plan_sessions() {
    for (const DemoSession& session : sessions_) {
        for (int n = 0; n < session.interested; ++n) {
            Planned tap;
            tap.kind = Kind::interest;
            tap.session = session.id;
            std::string department;
            if (!session.audience.empty()) {
                const int last = static_cast<int>(session.audience.size()) - 1;
                department = session.audience[static_cast<std::size_t>(random_.between(0, last))];
            }
            tap.kiosk = kiosk_for(department);
            tap.department = department.empty() ? demo_kiosks()[tap.kiosk].departments.front() : department;
            tap.language = random_.chance(demo_kiosks()[tap.kiosk].english_share) ? "en" : "nl";
            const int day = random_.between(std::min(session.published_day + 1, calendar_.today()), calendar_.today());
            tap.at = time_on(day, 8, 17);
            extra_.emplace(day, tap);
        }
    }
}

int DemoTimeline::score_for(const std::string& department, const std::string& site, int day) {
    const DemoDepartment& shape = department_named(department);
    const int week = std::min(calendar_.week_of(day), calendar_.weeks());
    double mean = shape.base_mean + shape.rise * week / std::max(1, calendar_.weeks()) + site_offset(site);
    if (department == dropping_department()) {
        // The last whole week falls clearly (an alert); this week recovers a little.
        if (week == calendar_.weeks() - 1) mean -= 1.0;
        if (week == calendar_.weeks()) mean -= 0.6;
    }
    std::array<double, 5> weights{};
    for (int score = 1; score <= 5; ++score)
        weights[score - 1] = std::exp(-(score - mean) * (score - mean) / (2 * kScoreSpread * kScoreSpread));
    double pick = random_.uniform() * std::accumulate(weights.begin(), weights.end(), 0.0);
    for (int score = 1; score <= 5; ++score) {
        pick -= weights[score - 1];
        if (pick < 0) return score;
    }
    return 5;
}

std::vector<std::string> DemoTimeline::reasons_for(const std::string& department, int score) {
    if (score >= 4 && random_.chance(0.55)) return {kNoBarrierReason};
    const std::string barrier = department_named(department).barrier_reason;
    std::vector<std::string> reasons{random_.chance(0.55) ? barrier : kPillarReasons[random_.between(0, 3)]};
    if (random_.chance(0.25)) {
        const std::string second = kPillarReasons[random_.between(0, 3)];
        if (second != reasons.front()) reasons.push_back(second);
    }
    return reasons;
}

void DemoTimeline::add_ratings(int day, std::size_t kiosk_index, std::vector<Planned>& out) {
    static constexpr std::array<double, 5> kReasonChance{0.7, 0.65, 0.5, 0.25, 0.15};  // per score 1..5
    const DemoKiosk& kiosk = demo_kiosks()[kiosk_index];
    const int weekday = calendar_.weekday(day);
    if (weekday == 6 || (weekday == 5 && !kiosk.saturday)) return;
    if (is_silent(kiosk_index) && day > calendar_.today() - kSilentDays) return;
    const double volume = kiosk.daily_ratings * (0.75 + 0.5 * random_.uniform()) * (weekday == 5 ? 0.3 : 1.0);
    const int count = static_cast<int>(std::lround(volume));
    const int burst = kiosk.id == tapping_kiosk_id() && random_.chance(0.35) ? random_.between(0, count - 1) : -1;
    for (int i = 0; i < count; ++i) {
        Planned rating;
        rating.kind = Kind::rating;
        rating.kiosk = kiosk_index;
        rating.at = calendar_.at(day, 7 + 11 * random_.uniform());
        if (random_.chance(kNoDepartmentShare)) {
            rating.department = "";
        } else {
            double pick = random_.uniform();
            rating.department = kiosk.departments.back();
            for (std::size_t d = 0; d < kiosk.departments.size(); ++d) {
                pick -= kiosk.weights[d];
                if (pick < 0) {
                    rating.department = kiosk.departments[d];
                    break;
                }
            }
        }
        rating.language = random_.chance(kiosk.english_share) ? "en" : "nl";
        rating.score = score_for(rating.department, kiosk.site, day);
        const bool with_reasons = random_.chance(kReasonChance[rating.score - 1]);
        const std::vector<std::string> reasons = with_reasons ? reasons_for(rating.department, rating.score)
                                                              : std::vector<std::string>{};
        const int repeats = i == burst ? random_.between(4, 11) : 0;
        if (rating.at > calendar_.latest_event()) continue;  // today, later than now
        out.push_back(rating);
        const std::size_t rating_index = out.size() - 1;
        if (with_reasons) {
            Planned amendment = rating;
            amendment.kind = Kind::reasons;
            amendment.at = rating.at + std::chrono::seconds(random_.between(8, 40));
            amendment.reasons = reasons;
            amendment.rating = rating_index;
            out.push_back(amendment);
        }
        // Someone taps on and on: the kiosk marks every repeat inside its interval suspect.
        for (int r = 1; r <= repeats; ++r) {
            Planned repeat = rating;
            repeat.suspect = true;
            repeat.at = rating.at + std::chrono::milliseconds(1100 * r);
            out.push_back(repeat);
        }
    }
}

Event DemoTimeline::build(std::size_t kiosk, Planned& planned, const std::vector<Planned>& day) {
    planned.id = ids_[kiosk].next(planned.at);
    Event event{planned.id, "", format_rfc3339_utc(planned.at), demo_kiosks()[kiosk].id, planned.department,
                planned.language, ""};
    const auto public_id_of = [&](std::size_t question) {
        const std::string& id = questions_[question].public_id;
        if (id.empty()) throw std::logic_error("seed-demo: an action came before its question");
        return id;
    };
    switch (planned.kind) {
    case Kind::rating:
        event.type = event_type::rating;
        event.payload = events::encode(events::Rating{planned.score, planned.suspect});
        ++(planned.suspect ? counts_.suspect : counts_.ratings);
        break;
    case Kind::reasons:
        event.type = event_type::rating_reasons;
        event.payload = events::encode(events::RatingReasons{day[planned.rating].id, planned.reasons});
        ++counts_.reasons;
        break;
    case Kind::question: {
        QuestionPlan& plan = questions_[planned.question];
        event.type = event_type::question;
        event.payload = events::encode(events::Question{plan.question->text, plan.pickup_id, plan.pickup_key});
        plan.public_id = questions::public_id(event.id);
        for (std::size_t a = 0; a < central_.size(); ++a)
            if (central_question_[a] == planned.question) central_[a].question = plan.public_id;
        ++counts_.questions;
        break;
    }
    case Kind::vote:
        event.type = event_type::question_vote;
        event.payload = events::encode(events::QuestionVote{public_id_of(planned.question)});
        ++counts_.votes;
        break;
    case Kind::moderation: {
        const SigningAmbassador& signer = ambassadors_[planned.ambassador];
        const std::string question = public_id_of(planned.question);
        event.type = event_type::question_moderation;
        event.department = "";  // the collector judges an action by the question's department
        const ambassador::ProofFields fields{event.kiosk_id, event.id,       event.created_at, question,
                                             planned.action, planned.text, signer.id};
        event.payload = events::encode(events::QuestionModeration{question, planned.action, planned.text, signer.id,
                                                                  ambassador::sign(signer.key, fields)});
        ++counts_.moderations;
        break;
    }
    case Kind::interest:
        event.type = event_type::training_interest;
        event.payload = events::encode(events::TrainingInterest{planned.session});
        ++counts_.interest;
        break;
    }
    return event;
}

std::vector<DemoUpload> DemoTimeline::day(int day) {
    std::vector<DemoUpload> uploads;
    const auto extras = extra_.equal_range(day);
    for (std::size_t k = 0; k < demo_kiosks().size(); ++k) {
        std::vector<Planned> planned;
        add_ratings(day, k, planned);
        for (auto it = extras.first; it != extras.second; ++it)
            if (it->second.kiosk == k) planned.push_back(it->second);
        const bool reports_today = day == calendar_.today() && !is_silent(k);
        if (planned.empty() && !reports_today) continue;
        std::vector<std::size_t> order(planned.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return planned[a].at < planned[b].at; });
        const DemoKiosk& kiosk = demo_kiosks()[k];
        DemoUpload upload;
        upload.kiosk = k;
        upload.report = {kiosk.app_version, reports_today || is_silent(k) ? kiosk.backlog : 0};
        for (const std::size_t index : order) upload.events.push_back({build(k, planned[index], planned), ""});
        uploads.push_back(std::move(upload));
    }
    extra_.erase(day);
    return uploads;
}

}  // namespace floorsync::collector::demo
