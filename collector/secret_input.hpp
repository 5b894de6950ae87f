// Reading a secret (an ambassador's PIN, an account's password) from standard input for the command line: on a
// terminal twice without echo and compared, otherwise the first line. Secrets never come from the command line.
#pragma once

#include <cstdio>
#include <string>

namespace floorsync::collector {

// A string whose bytes are wiped when it goes (a secret while it is read and used).
struct WipedString {
    std::string text;
    ~WipedString();
};

// One line without its line end (LF or CRLF); false at end of input before anything was read.
bool read_line(std::FILE* in, std::string& line);

struct SecretInput {
    enum class Result { entered, nothing, differ };
    Result result = Result::nothing;
    bool terminal = false;  // asked on a terminal (the caller's message for "nothing" differs)
    WipedString secret;
};

// On a terminal: `prompt`, then `again_prompt` (on stderr, echo off while typing), and both entries compared;
// otherwise the first line of `in`.
SecretInput read_secret(std::FILE* in, const char* prompt, const char* again_prompt);

}  // namespace floorsync::collector
