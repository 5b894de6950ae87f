// The ambassador's list: filtering by department, the three orders, counts, and ages in calendar days.
#include "kiosk/logic/ambassador_queue.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace kiosk {

using floorsync::questions::State;
using floorsync::questions::View;

std::optional<QueueOrder> queue_order_from_index(std::size_t index) {
    if (index >= kQueueOrders) return std::nullopt;
    return static_cast<QueueOrder>(index);
}

std::size_t index_of(QueueOrder order) { return static_cast<std::size_t>(order); }

bool AmbassadorQueue::update(const std::shared_ptr<const floorsync::ContentSnapshot>& snapshot, std::string_view department) {
    if (built_ && snapshot == snapshot_ && department == department_) return false;
    built_ = true;
    snapshot_ = snapshot;
    department_ = std::string(department);
    ++builds_;
    rows_.clear();
    counts_.fill(0);
    if (snapshot_) {
        // Only the session's own department: the collector refuses an ambassador's action on any other question,
        // organisation-wide ones included.
        for (const View& question : snapshot_->questions) {
            if (question.department != department_) continue;
            rows_.push_back(&question);
            ++counts_[static_cast<std::size_t>(question.state)];
        }
    }
    sort();
    return true;
}

void AmbassadorQueue::set_order(QueueOrder order) {
    if (order == order_) return;
    order_ = order;
    sort();
}

// Days are the only time a question carries. Within a day the feed's revision is the order the collector learnt of
// them; the public id only makes the order total, so a redraw never shuffles equal rows.
void AmbassadorQueue::sort() {
    auto newer = [](const View* a, const View* b) {
        if (a->day != b->day) return a->day > b->day;
        if (a->revision != b->revision) return a->revision > b->revision;
        return a->id < b->id;
    };
    switch (order_) {
    case QueueOrder::newest: std::sort(rows_.begin(), rows_.end(), newer); break;
    case QueueOrder::oldest:
        std::sort(rows_.begin(), rows_.end(), [&](const View* a, const View* b) { return newer(b, a); });
        break;
    case QueueOrder::most_asked:
        std::sort(rows_.begin(), rows_.end(), [&](const View* a, const View* b) {
            if (a->votes != b->votes) return a->votes > b->votes;
            return newer(a, b);
        });
        break;
    }
}

const View* AmbassadorQueue::find(std::string_view id) const {
    for (const View* question : rows_)
        if (question->id == id) return question;
    return nullptr;
}

namespace {

std::optional<std::chrono::year_month_day> parse_day(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    auto number = [](std::string_view digits, int& out) {
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
        return error == std::errc() && end == digits.data() + digits.size();
    };
    if (!number(day.substr(0, 4), y) || !number(day.substr(5, 2), m) || !number(day.substr(8, 2), d)) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                           std::chrono::day(static_cast<unsigned>(d))};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::chrono::sys_days local_today(SystemTime now) {
    const LocalTime local = local_time_of(now);
    return std::chrono::sys_days{std::chrono::year(local.year) / std::chrono::month(static_cast<unsigned>(local.month)) /
                                 std::chrono::day(static_cast<unsigned>(local.day))};
}

}  // namespace

std::optional<QuestionAge> age_of(std::string_view day, SystemTime now) {
    const auto date = parse_day(day);
    if (!date) return std::nullopt;
    const int days = static_cast<int>((local_today(now) - std::chrono::sys_days{*date}).count());
    if (days <= 0) return QuestionAge{QuestionAge::Kind::today, 0};
    if (days == 1) return QuestionAge{QuestionAge::Kind::yesterday, 1};
    return QuestionAge{QuestionAge::Kind::days, days};
}

std::string age_text(const StringTables& strings, std::string_view language, std::string_view day, SystemTime now) {
    const auto age = age_of(day, now);
    if (!age) return {};
    switch (age->kind) {
    case QuestionAge::Kind::today: return strings.get(language, text::ambassador_age_today);
    case QuestionAge::Kind::yesterday: return strings.get(language, text::ambassador_age_yesterday);
    case QuestionAge::Kind::days: break;
    }
    return strings.format(language, text::ambassador_age_days, {{"count", std::to_string(age->days)}});
}

std::string day_text(const StringTables& strings, std::string_view language, std::string_view day) {
    const auto date = parse_day(day);
    if (!date) return std::string(day);
    return strings.format(language, text::date_day_month_year,
                          {{"day", std::to_string(static_cast<unsigned>(date->day()))},
                           {"month", strings.get(language, text::month_key(static_cast<int>(static_cast<unsigned>(date->month()))))},
                           {"year", std::to_string(static_cast<int>(date->year()))}});
}

const char* state_key(State state) {
    switch (state) {
    case State::open: return text::ambassador_state_new;
    case State::published: return text::ambassador_state_published;
    case State::answered: return text::ambassador_state_answered;
    case State::answered_privately: return text::ambassador_state_answered_privately;
    case State::dismissed: return text::ambassador_state_dismissed;
    }
    return text::ambassador_state_new;
}

std::string local_day(SystemTime now, int days_back) {
    const std::chrono::year_month_day date{local_today(now) - std::chrono::days(days_back)};
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return out;
}

}  // namespace kiosk
