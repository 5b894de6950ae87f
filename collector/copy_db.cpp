// copy-db: read the source in order, add kiosks, events, content, questions and accounts to the target in one
// transaction.
#include "collector/copy_db.hpp"

#include "collector/storage/storage.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <set>
#include <vector>

namespace floorsync::collector {

namespace {

constexpr std::size_t kBatch = 2000;
constexpr std::size_t kConflictsNamed = 5;

struct Conflicts {
    std::size_t count = 0;
    std::string named;
    void add(const std::string& what) {
        if (count++ < kConflictsNamed) named += (named.empty() ? "" : "; ") + what;
    }
};

// Ambassadors (each department's salt before its first ambassador), then question rows, actions and votes, all with
// their revisions as they are; `head` grows to the highest revision copied.
void copy_questions(Storage& source, ImportSession& import, CopyReport& report, Conflicts& conflicts, std::int64_t& head) {
    std::set<std::string> salted;
    for (const AmbassadorRecord& ambassador : source.open_ambassadors()->list()) {
        if (salted.insert(ambassador.department).second &&
            import.add_department_salt(ambassador.department, ambassador.salt) == ImportSession::Outcome::conflict)
            conflicts.add("department '" + ambassador.department + "' has another ambassador salt");
        head = std::max(head, ambassador.revision);
        switch (import.add_ambassador(ambassador)) {
            case ImportSession::Outcome::added: ++report.ambassadors_added; break;
            case ImportSession::Outcome::identical: ++report.ambassadors_identical; break;
            case ImportSession::Outcome::conflict:
                conflicts.add("ambassador " + ambassador.id + " exists with other data, or another holds its revision");
                break;
        }
    }
    const auto questions = source.open_questions();
    for (const QuestionRecord& question : questions->list()) {
        head = std::max(head, question.view.revision);
        switch (import.add_question(question)) {
            case ImportSession::Outcome::added: ++report.questions_added; break;
            case ImportSession::Outcome::identical: ++report.questions_identical; break;
            case ImportSession::Outcome::conflict:
                conflicts.add("question " + question.view.id + " exists with another state, or another holds its revision");
                break;
        }
    }
    for (const QuestionActionRecord& action : questions->actions()) {
        const auto outcome = import.add_question_action(action);
        if (outcome == ImportSession::Outcome::added) ++report.question_actions_added;
        if (outcome == ImportSession::Outcome::conflict)
            conflicts.add("question action " + action.event_id + " exists with other data");
    }
    for (const QuestionVoteRecord& vote : questions->votes()) {
        const auto outcome = import.add_question_vote(vote);
        if (outcome == ImportSession::Outcome::added) ++report.question_votes_added;
        if (outcome == ImportSession::Outcome::conflict) conflicts.add("question vote " + vote.event_id + " exists with other data");
    }
}

// Dashboard accounts as they are (removed ones too, so a name's history stays); sessions are not copied: people sign
// in again on the target.
void copy_users(Storage& source, ImportSession& import, CopyReport& report, Conflicts& conflicts) {
    for (const UserRecord& user : source.open_accounts()->list_users()) {
        switch (import.add_user(user)) {
            case ImportSession::Outcome::added: ++report.users_added; break;
            case ImportSession::Outcome::identical: ++report.users_identical; break;
            case ImportSession::Outcome::conflict:
                conflicts.add("account " + user.id + " ('" + user.name +
                              "') exists with other data, or an active account has its name");
                break;
        }
    }
}

}  // namespace

CopyReport copy_database(const std::string& from, const std::string& to,
                         const std::function<void(const std::string&)>& progress) {
    const auto say = [&](const std::string& line) {
        if (progress) progress(line);
    };
    if (from == to) throw CopyError("--from and --to name the same database");
    std::error_code ignored;
    if (from.find("://") == std::string::npos && from.find('=') == std::string::npos &&
        !std::filesystem::is_regular_file(from, ignored))
        throw CopyError("the source database '" + from + "' does not exist");

    const auto source = open_storage(from);
    const auto target = open_storage(to);
    CopyReport report{source->describe(), target->describe()};
    say("copying " + report.source + " -> " + report.target);

    const auto import = target->begin_import();
    Conflicts conflicts;
    for (const KioskRecord& kiosk : source->open_kiosks()->list()) {
        switch (import->add_kiosk(kiosk)) {
            case ImportSession::Outcome::added: ++report.kiosks_added; break;
            case ImportSession::Outcome::identical: ++report.kiosks_identical; break;
            case ImportSession::Outcome::conflict:
                conflicts.add("kiosk '" + kiosk.id + "' exists with another token, other departments or another site");
                break;
        }
    }

    std::vector<StoredEvent> batch;
    batch.reserve(kBatch);
    std::size_t seen = 0;
    const auto flush = [&] {
        const auto outcomes = import->add_events(batch);
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            switch (outcomes[i]) {
                case ImportSession::Outcome::added: ++report.events_added; break;
                case ImportSession::Outcome::identical: ++report.events_identical; break;
                case ImportSession::Outcome::conflict:
                    conflicts.add("event " + batch[i].event.id + " exists with different content");
                    break;
            }
        }
        seen += batch.size();
        if (seen % 100000 < kBatch) say(std::to_string(seen) + " events read");
        batch.clear();
    };
    source->open_reader()->for_each("", [&](const StoredEvent& event) {
        batch.push_back(event);
        if (batch.size() == kBatch) flush();
    });
    if (!batch.empty()) flush();

    // Items in revision order, then the counter: read after the items, it is at least the last one's revision.
    const auto source_content = source->open_content();
    std::int64_t head = 0;
    for (const ContentRecord& record : source_content->list()) {
        head = std::max(head, record.item.revision);
        switch (import->add_content(record)) {
            case ImportSession::Outcome::added: ++report.content_added; break;
            case ImportSession::Outcome::identical: ++report.content_identical; break;
            case ImportSession::Outcome::conflict:
                conflicts.add("content item " + record.item.id + " (revision " + std::to_string(record.item.revision) +
                              ") exists with other content, or another item holds its revision");
                break;
        }
    }
    copy_questions(*source, *import, report, conflicts, head);
    copy_users(*source, *import, report, conflicts);
    head = std::max(head, source_content->head_revision());
    import->raise_content_head(head);

    if (conflicts.count > 0) {
        throw CopyError("the target already holds different data under " + std::to_string(conflicts.count) +
                        " of the same ids (" + conflicts.named + (conflicts.count > kConflictsNamed ? "; ..." : "") +
                        "); nothing was copied");
    }
    import->commit();
    report.content_head = target->open_content()->head_revision();
    return report;
}

}  // namespace floorsync::collector
