// Content rows on either backend: the stored document of an item and the ContentRecord of a row.
#include "collector/storage/content_rows.hpp"

namespace floorsync::collector {

std::string content_document(const content::Item& item, std::int64_t revision) {
    content::Item stamped = item;
    stamped.revision = revision;
    return content::encode(stamped);
}

ContentRecord content_record(const std::string& backend, std::string_view document, std::int64_t revision,
                             bool withdrawn, std::string withdrawn_at) {
    ContentRecord record;
    try {
        record.item = content::decode(document);
    } catch (const content::ContentError& error) {
        throw StorageError(backend + ": the content item with revision " + std::to_string(revision) +
                           " cannot be read: " + error.what());
    }
    record.item.revision = revision;
    record.withdrawn = withdrawn;
    record.withdrawn_at = std::move(withdrawn_at);
    return record;
}

}  // namespace floorsync::collector
