# Turns a text file into a C++ source that defines `std::string_view NAME()` holding its bytes.
function(embed_text_file INPUT OUTPUT FUNCTION_NAME)
  add_custom_command(
    OUTPUT ${OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${INPUT} -DOUTPUT=${OUTPUT} -DFUNCTION_NAME=${FUNCTION_NAME}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFileScript.cmake
    DEPENDS ${INPUT} ${PROJECT_SOURCE_DIR}/cmake/EmbedFileScript.cmake
    COMMENT "Embedding ${INPUT}")
endfunction()
