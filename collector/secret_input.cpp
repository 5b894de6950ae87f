// Secrets from standard input: echo off on a terminal (termios), asked twice and compared; wiped after use.
#include "collector/secret_input.hpp"

#include "sync/shared/secret_bytes.hpp"

#include <termios.h>
#include <unistd.h>

namespace floorsync::collector {

namespace {

// Echo off on the terminal for as long as this lives.
class NoEcho {
public:
    explicit NoEcho(int fd) : fd_(fd) {
        if (tcgetattr(fd_, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        active_ = tcsetattr(fd_, TCSANOW, &quiet) == 0;  // TCSANOW: keep keys typed ahead
    }
    ~NoEcho() {
        if (active_) tcsetattr(fd_, TCSANOW, &saved_);
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

// false when nothing was entered.
bool prompted_line(std::FILE* in, const char* prompt, WipedString& line) {
    {
        NoEcho quiet(fileno(in));  // before the prompt: whatever is typed after it is never shown
        std::fputs(prompt, stderr);
        std::fflush(stderr);
        if (!read_line(in, line.text)) return false;
    }
    std::fputs("\n", stderr);
    return true;
}

}  // namespace

WipedString::~WipedString() { wipe_memory(text.data(), text.size()); }

bool read_line(std::FILE* in, std::string& line) {
    line.clear();
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(in)) != EOF) {
        any = true;
        if (c == '\n') break;
        line.push_back(static_cast<char>(c));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return any;
}

SecretInput read_secret(std::FILE* in, const char* prompt, const char* again_prompt) {
    SecretInput input;
    input.terminal = isatty(fileno(in)) != 0;
    if (!input.terminal) {
        input.result = read_line(in, input.secret.text) ? SecretInput::Result::entered : SecretInput::Result::nothing;
        return input;
    }
    WipedString again;
    if (!prompted_line(in, prompt, input.secret) || !prompted_line(in, again_prompt, again)) {
        wipe_memory(input.secret.text.data(), input.secret.text.size());
        input.secret.text.clear();
        input.result = SecretInput::Result::nothing;
        return input;
    }
    if (input.secret.text != again.text) {
        wipe_memory(input.secret.text.data(), input.secret.text.size());
        input.secret.text.clear();
        input.result = SecretInput::Result::differ;
        return input;
    }
    input.result = SecretInput::Result::entered;
    return input;
}

}  // namespace floorsync::collector
