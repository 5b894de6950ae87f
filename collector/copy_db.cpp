// copy-db: read the source in order, add kiosks, events and content to the target in one transaction, refuse conflicts.
#include "collector/copy_db.hpp"

#include "collector/storage/storage.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
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
                conflicts.add("kiosk '" + kiosk.id + "' exists with another token or other departments");
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
