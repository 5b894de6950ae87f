// What stored rating and rating_reasons events change in the ratings read model (schema v5), decided once for both
// backends: the backends only read and write the rows of RatingRows inside their write transaction.
#pragma once

#include "collector/storage/storage.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace floorsync::collector {

// One row of the `ratings` table: a stored rating event and the reasons of its latest amendment.
struct RatingRow {
    std::string event_id;
    std::string kiosk_id;
    std::string department;
    std::string day;         // local day of created_at (local_day), when it was stored
    std::string created_at;
    int score = 0;
    bool suspect = false;
    std::vector<std::string> reasons;  // of the amendment behind them, in its order; empty: none
    std::string reasons_at;            // created_at of that amendment; "" without one
    std::string reasons_event;         // its event id; "" without one

    bool operator==(const RatingRow&) const = default;
};

// A stored rating_reasons event, as far as the read model needs it.
struct Amendment {
    std::string event_id;
    std::string kiosk_id;
    std::string rating_id;
    std::string created_at;
    std::vector<std::string> reasons;
};

// Everything one call of apply_rating_effects changes, each map in key order (so two PostgreSQL writers lock the
// same cells in the same order). Deltas are never zero.
struct RatingChanges {
    struct Cell {
        std::int64_t count = 0;
        std::int64_t with_reasons = 0;
    };
    using CellKey = std::tuple<std::string, std::string, std::string, int>;            // day, kiosk, department, score
    using ReasonKey = std::tuple<std::string, std::string, std::string, std::string>;  // day, kiosk, dept., reason
    using SuspectKey = std::pair<std::string, std::string>;                           // day, kiosk

    std::vector<RatingRow> inserted;                   // new rows of `ratings`, with their current reasons
    std::map<std::string, RatingRow> reasons_changed;  // existing rows (by event id) whose reasons are replaced
    std::map<CellKey, Cell> cells;
    std::map<ReasonKey, std::int64_t> reasons;
    std::map<SuspectKey, std::int64_t> suspects;

    bool empty() const {
        return inserted.empty() && reasons_changed.empty() && cells.empty() && reasons.empty() && suspects.empty();
    }
};

// The reads and writes one backend runs for apply_rating_effects, inside the open write transaction.
class RatingRows {
public:
    virtual ~RatingRows() = default;
    // The stored rows of these rating event ids (those that exist).
    virtual std::vector<RatingRow> find_ratings(const std::vector<std::string>& event_ids) = 0;
    // For each (kiosk id, rating id), the latest stored rating_reasons event of that kiosk naming that rating
    // (greatest created_at, then event id), where there is one. Includes events stored earlier in the transaction.
    virtual std::vector<Amendment> latest_amendments(
        const std::vector<std::pair<std::string, std::string>>& kiosk_and_rating) = 0;
    virtual void write(const RatingChanges& changes) = 0;
};

// Whether events of this type change the ratings read model (rating, rating_reasons).
bool has_rating_effects(const std::string& type);

// The ordering of amendments: true when `created_at`/`event_id` is later than the reasons `row` has now.
bool is_newer_amendment(const std::string& created_at, const std::string& event_id, const RatingRow& row);

// For events that were just stored (never duplicates or conflicts), all already in the events table, in their
// order of storing:
// - rating: its row, with the reasons of the latest amendment of the same kiosk already stored (an amendment may
//   arrive first, or earlier in the same batch); a non-suspect one adds one to its cell (day, kiosk, department,
//   score), to with_reasons when those reasons name any, and one to each of its reasons' cells; a suspect one adds
//   one to its kiosk's suspect count of that day instead.
// - rating_reasons: for the rating with that id from the SAME kiosk, when it is newer (created_at, then event id)
//   than the amendment behind the rating's current reasons, the new reasons replace them and the counts follow
//   (old reasons out, new ones in). An amendment of an unknown rating changes nothing now (its rating counts it
//   when it comes); one from another kiosk never does.
// Other types are ignored. Throws what `rows` throws, and events::PayloadError for a payload that is not canonical.
void apply_rating_effects(const std::vector<const Event*>& stored, RatingRows& rows);

// "a;b" <-> {"a", "b"}: how the `ratings` table keeps reasons (reason keys never hold ';').
std::string join_reasons(const std::vector<std::string>& reasons);
std::vector<std::string> split_reasons(const std::string& text);

// Events per apply_rating_effects call when the migration or an import derives the read model from many events.
inline constexpr std::size_t kRatingEffectsChunk = 5000;

}  // namespace floorsync::collector
