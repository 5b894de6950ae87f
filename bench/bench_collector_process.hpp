// A real kiosk-collector as a child process for the benchmarks: started on a free loopback port, measured, stopped.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace bench {

// Runs `binary ARGS... --listen 127.0.0.1:0` with stdout in `log` (stderr in log + ".err") and reads the port it
// reports; port stays 0 when it did not start within 10 s. Stops it with SIGTERM.
struct CollectorProcess {
    pid_t pid = -1;
    int port = 0;

    CollectorProcess(const std::string& binary, std::vector<std::string> args, const std::string& log) {
        args.insert(args.begin(), binary);
        args.push_back("--listen");
        args.push_back("127.0.0.1:0");
        pid = fork();
        if (pid == 0) {
            std::freopen(log.c_str(), "w", stdout);
            std::freopen((log + ".err").c_str(), "w", stderr);
            std::vector<char*> argv;
            for (std::string& arg : args) argv.push_back(arg.data());
            argv.push_back(nullptr);
            execv(binary.c_str(), argv.data());
            _exit(127);
        }
        const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
        for (int i = 0; i < 400 && port == 0; ++i) {
            std::ifstream file(log);
            const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
            std::smatch match;
            if (std::regex_search(text, match, listening)) port = std::stoi(match[1]);
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
    ~CollectorProcess() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            int status = 0;
            waitpid(pid, &status, 0);
        }
    }
    CollectorProcess(const CollectorProcess&) = delete;
    CollectorProcess& operator=(const CollectorProcess&) = delete;

    // utime + stime of all its threads, in seconds.
    double cpu_seconds() const {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::istringstream fields(content.substr(content.rfind(')') + 2));
        std::string field;
        unsigned long long utime = 0, stime = 0;
        for (int index = 3; fields >> field; ++index) {
            if (index == 14) utime = std::stoull(field);
            if (index == 15) {
                stime = std::stoull(field);
                break;
            }
        }
        return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    // Resident memory in KiB, -1 when unknown.
    long rss_kib() const {
        std::ifstream status("/proc/" + std::to_string(pid) + "/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        return -1;
    }
};

}  // namespace bench
