// The ambassador's list: their department's questions from the content snapshot in the chosen order, counts per
// state, and how old each question is in words ("today", "5 days ago"). Pure: no screen, no clock of its own.
#pragma once

#include "kiosk/logic/local_calendar.hpp"
#include "kiosk/logic/strings.hpp"
#include "sync/content_snapshot.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// The queue's orders, in the order the toggle offers them (Input::choose_sort's index).
enum class QueueOrder { newest, oldest, most_asked };
inline constexpr std::size_t kQueueOrders = 3;
std::optional<QueueOrder> queue_order_from_index(std::size_t index);
std::size_t index_of(QueueOrder order);

class AmbassadorQueue {
public:
    // Builds the list of `department`'s questions (every state) when the snapshot is another one, the department
    // changed or nothing was built yet; a snapshot seen before costs nothing, so the screen may call it every tick.
    // Returns true when it rebuilt.
    bool update(const std::shared_ptr<const floorsync::ContentSnapshot>& snapshot, std::string_view department);
    // Sorts the list again for the new order (only when it changed).
    void set_order(QueueOrder order);

    QueueOrder order() const { return order_; }
    // Pointers into the snapshot this queue holds on to: valid as long as the queue lives.
    const std::vector<const floorsync::questions::View*>& rows() const { return rows_; }
    std::size_t count(floorsync::questions::State state) const { return counts_[static_cast<std::size_t>(state)]; }
    std::size_t total() const { return rows_.size(); }
    // A question of this department by its public id; nullptr for any other id.
    const floorsync::questions::View* find(std::string_view id) const;
    // How often the list was built (tests: once per snapshot, never per frame).
    std::uint64_t builds() const { return builds_; }

private:
    void sort();

    std::shared_ptr<const floorsync::ContentSnapshot> snapshot_;
    std::string department_;
    bool built_ = false;
    QueueOrder order_ = QueueOrder::newest;
    std::vector<const floorsync::questions::View*> rows_;
    std::array<std::size_t, 5> counts_{};
    std::uint64_t builds_ = 0;
};

// The five states in the order the queue counts them.
inline constexpr std::array<floorsync::questions::State, 5> kQuestionStates{
    floorsync::questions::State::open, floorsync::questions::State::published, floorsync::questions::State::answered,
    floorsync::questions::State::answered_privately, floorsync::questions::State::dismissed};

// How old a question is: whole local calendar days from its day to today (a day in the future counts as today).
struct QuestionAge {
    enum class Kind { today, yesterday, days };
    Kind kind = Kind::today;
    int days = 0;
};
// nullopt when `day` is not a YYYY-MM-DD date.
std::optional<QuestionAge> age_of(std::string_view day, SystemTime now);
// "today", "yesterday", "5 days ago" in `language`; "" for a malformed day.
std::string age_text(const StringTables& strings, std::string_view language, std::string_view day, SystemTime now);
// "1 Dec 2026" with the tables' month names; `day` itself when it is not a date.
std::string day_text(const StringTables& strings, std::string_view language, std::string_view day);
// The string-table key of a state's name ("New", "Answered privately").
const char* state_key(floorsync::questions::State state);
// The local calendar date `days_back` days before `now`, as YYYY-MM-DD (sample questions).
std::string local_day(SystemTime now, int days_back = 0);

}  // namespace kiosk
