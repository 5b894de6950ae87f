// How both backends store a content item (its document, stamped with its revision) and read a row back.
#pragma once

#include "collector/storage/storage.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace floorsync::collector {

// content::encode of `item` with item.revision = `revision`: the text of the content table's document column.
// Throws content::ContentError for an item content::validate refuses (nothing invalid is ever stored).
std::string content_document(const content::Item& item, std::int64_t revision);

// The record of one content row. The revision column is authoritative (it also counts the withdrawal).
// Throws StorageError naming `backend` and the id when the stored document cannot be read.
ContentRecord content_record(const std::string& backend, std::string_view document, std::int64_t revision,
                             bool withdrawn, std::string withdrawn_at);

}  // namespace floorsync::collector
