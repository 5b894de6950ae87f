// The PostgreSQL side of the ratings read model: the dashboard's reads, and its rows inside the writer's transaction.
#pragma once

#include "collector/storage/postgres/postgres_backend.hpp"
#include "collector/storage/rating_effects.hpp"

#include <memory>

namespace floorsync::collector::postgres_backend {

// RatingRows on `conn`, for use inside the caller's open transaction: a few set-based statements per call, however
// many events it covers.
std::unique_ptr<RatingRows> make_rating_rows(pq::Connection& conn);

// Inside the migration's transaction to schema v5: the read model of the ratings and amendments stored before it,
// by the same rules as ingest, a chunk of events at a time. Throws pq::PqError.
void derive_stored_ratings(pq::Connection& conn);

}  // namespace floorsync::collector::postgres_backend
