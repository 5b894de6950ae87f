# Script mode helper: embeds every file of DIRECTORY into OUTPUT as dashboard::asset(name) (name: the file name).
file(GLOB ASSET_FILES ${DIRECTORY}/*)
list(SORT ASSET_FILES)
set(BODY "")
set(LOOKUP "")
set(INDEX 0)
foreach(ASSET ${ASSET_FILES})
  get_filename_component(NAME ${ASSET} NAME)
  file(READ ${ASSET} HEX_CONTENT HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${HEX_CONTENT}")
  string(LENGTH "${HEX_CONTENT}" HEX_LENGTH)
  math(EXPR BYTE_COUNT "${HEX_LENGTH} / 2")
  string(APPEND BODY "const unsigned char kAsset${INDEX}[] = {${BYTES} 0};\n")
  string(APPEND LOOKUP "    if (name == \"${NAME}\") return std::string_view(reinterpret_cast<const char*>(kAsset${INDEX}), ${BYTE_COUNT});\n")
  math(EXPR INDEX "${INDEX} + 1")
endforeach()
file(WRITE ${OUTPUT}
"// Generated from ${DIRECTORY}; do not edit.\n#include \"collector/dashboard/assets.hpp\"\n\n"
"namespace floorsync::collector::dashboard {\nnamespace {\n${BODY}}  // namespace\n\n"
"std::optional<std::string_view> asset(std::string_view name) {\n${LOOKUP}    return std::nullopt;\n}\n\n"
"}  // namespace floorsync::collector::dashboard\n")
