// copy-db: moves a collector's kiosks, events, content, ambassadors, questions and dashboard accounts to another
// database losslessly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace floorsync::collector {

// The target holds different data under the same kiosk, event or content ids (or another content item under the same
// revision), or source and target are the same. Nothing was written.
struct CopyError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CopyReport {
    std::string source;  // Storage::describe() of each side
    std::string target;
    std::size_t kiosks_added = 0;
    std::size_t kiosks_identical = 0;
    std::size_t events_added = 0;
    std::size_t events_identical = 0;
    std::size_t content_added = 0;
    std::size_t content_identical = 0;
    std::size_t ambassadors_added = 0;
    std::size_t ambassadors_identical = 0;
    std::size_t questions_added = 0;  // question rows (their events are counted in events_*)
    std::size_t questions_identical = 0;
    std::size_t question_actions_added = 0;
    std::size_t question_votes_added = 0;
    std::size_t users_added = 0;  // dashboard accounts (removed ones too); sessions are not copied
    std::size_t users_identical = 0;
    std::int64_t content_head = 0;  // the target's content revision afterwards
};

// Copies every kiosk (token hash, departments, site, timestamps), every event (with its content hash and arrival
// time; the target derives its ratings read model from them as ingest does), every content item (with its
// revision, withdrawn ones too), every ambassador (removed ones too, with the salt of their department), every
// question row with all its actions and votes, and every dashboard account (removed ones too; not their sessions,
// sign-in throttling or alert acknowledgements), in ONE transaction on the target, and raises the target's content
// revision counter to the source's (never lowers it): kiosks keep their tokens and their feed cursors, people their
// passwords, a second run adds nothing, and a conflict rolls everything back. `progress` gets a line now and then.
// Throws CopyError or StorageError.
CopyReport copy_database(const std::string& from, const std::string& to,
                         const std::function<void(const std::string&)>& progress = {});

}  // namespace floorsync::collector
