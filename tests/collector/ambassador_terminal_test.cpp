// `ambassador add` on a real terminal (a pseudo-terminal): the PIN is asked twice, never echoed, and compared.
#include "collector_test_support.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

using namespace collector_test;

namespace {

// kiosk-collector on the slave side of a new pseudo-terminal; what it writes to it is read from the master side.
class TerminalRun {
public:
    explicit TerminalRun(const std::vector<std::string>& args) {
        const std::string binary = std::string(FLOOR_BINARY_DIR) + "/collector/kiosk-collector";
        std::vector<char*> argv{const_cast<char*>(binary.c_str())};
        for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        pid_ = forkpty(&master_, nullptr, nullptr, nullptr);
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            execv(binary.c_str(), argv.data());
            _exit(127);
        }
    }
    ~TerminalRun() {
        if (pid_ > 0 && !waited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (master_ >= 0) close(master_);
    }

    // Reads what the program writes until `text` has appeared (or 30 s passed, or the terminal closed).
    bool read_until(const std::string& text) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (screen_.find(text) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd ready{master_, POLLIN, 0};
            if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) return false;
            char buffer[256];
            const ssize_t got = ::read(master_, buffer, sizeof buffer);
            if (got <= 0) return screen_.find(text) != std::string::npos;
            screen_.append(buffer, static_cast<std::size_t>(got));
        }
        return true;
    }
    void type(const std::string& keys) { REQUIRE(::write(master_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size())); }
    // The exit code, after reading everything until the terminal closed; -1 when it did not end within 30 s (the
    // destructor then kills it).
    int wait() {
        read_until("\x04never");  // a text it never writes: reads until the terminal closes
        int status = 0;
        if (!eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, std::chrono::seconds(30))) return -1;
        waited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    const std::string& screen() const { return screen_; }

private:
    pid_t pid_ = -1;
    int master_ = -1;
    bool waited_ = false;
    std::string screen_;
};

}  // namespace

TEST_CASE("ambassador add on a terminal asks twice without echo and refuses two different PINs") {
    TempDir dir;
    const std::string db = fresh_database(dir);
    {
        TerminalRun run({"--db", db, "ambassador", "add", "--name", "Anna", "--department", "Assembly"});
        REQUIRE(run.read_until("PIN (6 to 12 digits): "));
        run.type("482913\n");
        REQUIRE(run.read_until("the same PIN again: "));
        run.type("482913\n");
        CHECK(run.wait() == 0);
        CHECK(run.screen().find("ambassador 'Anna' added for 'Assembly'") != std::string::npos);
        CHECK(run.screen().find("482913") == std::string::npos);  // never echoed
    }
    {
        TerminalRun run({"--db", db, "ambassador", "add", "--name", "Ahmed", "--department", "Assembly"});
        REQUIRE(run.read_until("PIN (6 to 12 digits): "));
        run.type("559021\n");
        REQUIRE(run.read_until("the same PIN again: "));
        run.type("559012\n");
        CHECK(run.wait() == 1);
        CHECK(run.screen().find("the two PINs differ") != std::string::npos);
    }
    CHECK(count_rows(db, "SELECT count(*) FROM ambassadors") == 1);
}
