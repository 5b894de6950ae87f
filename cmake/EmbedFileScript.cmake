# Script mode helper for EmbedFile.cmake: writes INPUT as a raw byte array into OUTPUT.
file(READ ${INPUT} HEX_CONTENT HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${HEX_CONTENT}")
string(LENGTH "${HEX_CONTENT}" HEX_LENGTH)
math(EXPR BYTE_COUNT "${HEX_LENGTH} / 2")
file(WRITE ${OUTPUT}
"// Generated from ${INPUT}; do not edit.\n#include <string_view>\n"
"static const unsigned char kBytes[] = {${BYTES} 0};\n"
"std::string_view ${FUNCTION_NAME}() { return {reinterpret_cast<const char*>(kBytes), ${BYTE_COUNT}}; }\n")
