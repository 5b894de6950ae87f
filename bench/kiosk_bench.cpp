// Kiosk benchmark: home frame vs empty ImGui frame (same GL context), and the real kiosk's idle CPU, first frame, memory.
// Run under X (bench/kiosk_bench.sh starts xvfb at 1920x1080):
//   kiosk_bench frames                      frame times in this process
//   kiosk_bench process KIOSK FILL_OUTBOX   the kiosk binary: idle CPU over 20 s; first frame and VmRSS, empty vs 1,000,000 events
//   kiosk_bench all KIOSK FILL_OUTBOX       both
#include "kiosk/logic/config.hpp"
#include "kiosk/logic/flow.hpp"
#include "kiosk/logic/strings.hpp"
#include "kiosk/platform/glfw_window.hpp"
#include "kiosk/platform/imgui_backend.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/theme.hpp"
#include "sync/recorder.hpp"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

std::filesystem::path make_temp_dir() {
    char pattern[] = "/tmp/kiosk-bench.XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

// --- Frame times -----------------------------------------------------------------------------------------

int bench_frames() {
    namespace platform = kiosk::platform;
    const auto dir = make_temp_dir();
    platform::GlfwLibrary glfw;
    platform::KioskWindow window(platform::WindowOptions{});
    platform::ImGuiContextGuard imgui;
    platform::ImGuiGlfwBackend backend(window.handle(), true);
    const int width = window.framebuffer_width(), height = window.framebuffer_height();
    ImGuiIO& io = ImGui::GetIO();
    const auto fonts = kiosk::ui::load_fonts(*io.Fonts, kiosk::ui::font_pixel_size_for_screen(height, window.content_scale()), "");
    kiosk::ui::theme::apply_style(ImGui::GetStyle(), fonts.em);

    const kiosk::KioskConfig config = kiosk::load_embedded_default_config();
    const kiosk::StringTables strings = kiosk::StringTables::embedded();
    floorsync::Recorder recorder((dir / "kiosk.db").string(), {});
    kiosk::Flow flow(config, recorder, Clock::now());
    kiosk::ui::KioskView view(strings, fonts);
    const kiosk::ui::StatusSnapshot status;

    // One frame in three stages, all from NewFrame: the CPU build (NewFrame..Render, the draw lists), then the GL
    // work up to glFinish (the rasteriser: llvmpipe under xvfb), then the presented frame including SwapBuffers.
    // Also the CPU time of all threads (llvmpipe's rasteriser threads included) up to glFinish: the work itself,
    // which load from other processes on a shared machine inflates much less than the wall-clock figures.
    struct FrameTimes {
        double build_ms, finished_ms, presented_ms, cpu_ms;
    };
    auto process_cpu_ms = [] {
        timespec now{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
        return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
    };
    struct DrawStats {
        int commands = 0, vertices = 0, triangles = 0;
    };
    DrawStats home_stats;
    auto frame = [&](bool home) {
        const double cpu_start = process_cpu_ms();
        const auto start = Clock::now();
        backend.new_frame();
        ImGui::NewFrame();
        if (home) view.draw(flow, status, Clock::now());
        ImGui::Render();
        const auto built = Clock::now();
        if (home) {
            const ImDrawData* data = ImGui::GetDrawData();
            home_stats = {0, data->TotalVtxCount, data->TotalIdxCount / 3};
            for (int i = 0; i < data->CmdListsCount; ++i) home_stats.commands += data->CmdLists[i]->CmdBuffer.Size;
        }
        glViewport(0, 0, width, height);
        glClearColor(0.06f, 0.09f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);  // both variants clear the whole framebuffer
        backend.render_draw_data();
        glFinish();
        const auto finished = Clock::now();
        const double cpu_ms = process_cpu_ms() - cpu_start;
        window.swap_buffers();
        const auto presented = Clock::now();
        using Ms = std::chrono::duration<double, std::milli>;
        return FrameTimes{Ms(built - start).count(), Ms(finished - start).count(), Ms(presented - start).count(), cpu_ms};
    };

    glfwSwapInterval(0);  // the presented figure is the work of a frame, not a wait for the display's refresh
    for (int i = 0; i < 20; ++i) { frame(false); frame(true); }
    std::vector<double> empty_build, home_build, empty_finished, home_finished, empty_presented, home_presented, empty_cpu, home_cpu;
    for (int i = 0; i < 200; ++i) {  // interleaved, so load from other processes hits both alike
        const FrameTimes e = frame(false), h = frame(true);
        empty_build.push_back(e.build_ms), home_build.push_back(h.build_ms);
        empty_finished.push_back(e.finished_ms), home_finished.push_back(h.finished_ms);
        empty_presented.push_back(e.presented_ms), home_presented.push_back(h.presented_ms);
        empty_cpu.push_back(e.cpu_ms), home_cpu.push_back(h.cpu_ms);
    }
    const double empty_ms = median(empty_finished), home_ms = median(home_finished);
    std::printf("frame at %dx%d (median of 200, glFinish each): empty ImGui frame %.2f ms, home screen %.2f ms, ratio %.2fx (target <= 1.3x)\n",
                width, height, empty_ms, home_ms, home_ms / empty_ms);
    const double empty_build_ms = median(empty_build), home_build_ms = median(home_build);
    std::printf("  CPU frame build (NewFrame..Render): empty %.3f ms, home %.3f ms (%d draw commands, %d vertices, %d triangles)\n",
                empty_build_ms, home_build_ms, home_stats.commands, home_stats.vertices, home_stats.triangles);
    std::printf("  GL work after the build, to glFinish (rasterising, %s): empty %.2f ms, home %.2f ms\n",
                reinterpret_cast<const char*>(glGetString(GL_RENDERER)), empty_ms - empty_build_ms, home_ms - home_build_ms);
    std::printf("  CPU time of all threads to glFinish (rasteriser threads included): empty %.2f ms, home %.2f ms, ratio %.2fx\n",
                median(empty_cpu), median(home_cpu), median(home_cpu) / median(empty_cpu));
    std::printf("  presented frame incl. SwapBuffers (swap interval 0): empty %.2f ms, home %.2f ms, ratio %.2fx\n",
                median(empty_presented), median(home_presented), median(home_presented) / median(empty_presented));
    std::filesystem::remove_all(dir);
    return 0;
}

// --- The real kiosk process ------------------------------------------------------------------------------

struct Child {
    pid_t pid = -1;
    int out = -1;  // its stdout
};

Child spawn_kiosk(const std::string& kiosk, const std::string& config) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    env_strings.emplace_back("FLOOR_KIOSK_REPORT_FIRST_FRAME=1");
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string arg0 = kiosk, arg1 = "--config", arg2 = config;
    char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
    Child child;
    if (posix_spawn(&child.pid, kiosk.c_str(), &actions, nullptr, argv, envp.data()) != 0)
        throw std::runtime_error("cannot start " + kiosk);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    child.out = fds[0];
    return child;
}

// Reads the child's stdout until "first_frame_ms=..." (the kiosk's own figure, from its process start time).
double wait_first_frame(const Child& child, std::chrono::seconds limit) {
    std::string buffer;
    const auto give_up = Clock::now() + limit;
    while (Clock::now() < give_up) {
        pollfd p{child.out, POLLIN, 0};
        if (poll(&p, 1, 100) > 0) {
            char chunk[512];
            const ssize_t n = read(child.out, chunk, sizeof chunk);
            if (n <= 0) break;
            buffer.append(chunk, static_cast<std::size_t>(n));
            const auto at = buffer.find("first_frame_ms=");
            if (at != std::string::npos && buffer.find('\n', at) != std::string::npos)
                return std::stod(buffer.substr(at + 15));
        }
    }
    throw std::runtime_error("the kiosk drew no first frame in time");
}

double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(content.substr(content.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int index = 3; fields >> field; ++index) {
        if (index == 14) utime = std::stoull(field);
        if (index == 15) { stime = std::stoull(field); break; }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

int stop_kiosk(Child& child) {
    kill(child.pid, SIGTERM);
    int status = 0;
    waitpid(child.pid, &status, 0);
    close(child.out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void write_config(const std::filesystem::path& path, const std::filesystem::path& db) {
    std::ofstream out(path);
    out << "kiosk_id = \"bench-kiosk\"\nsite = \"Bench\"\ndepartment = \"General\"\ndatabase_path = \"" << db.string() << "\"\n";
}

struct StartFigures {
    double first_frame_ms = 0;
    long rss_kib = 0;
};

StartFigures start_figures(const std::string& kiosk, const std::filesystem::path& config, int runs) {
    std::vector<double> first, rss;
    for (int i = 0; i < runs; ++i) {
        Child child = spawn_kiosk(kiosk, config.string());
        first.push_back(wait_first_frame(child, std::chrono::seconds(30)));
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the workers have opened the store and counted
        rss.push_back(static_cast<double>(rss_kib(child.pid)));
        const int status = stop_kiosk(child);
        if (status != 0) std::printf("  warning: the kiosk exited with status %d on SIGTERM\n", status);
    }
    return {median(first), static_cast<long>(median(rss))};
}

int bench_process(const std::string& kiosk, const std::string& fill_outbox) {
    const auto dir = make_temp_dir();
    const auto empty_config = dir / "empty.toml", full_config = dir / "full.toml";
    write_config(empty_config, dir / "empty.db");
    write_config(full_config, dir / "full.db");

    {  // Idle CPU on the home screen.
        Child child = spawn_kiosk(kiosk, empty_config.string());
        wait_first_frame(child, std::chrono::seconds(30));
        std::this_thread::sleep_for(std::chrono::seconds(2));
        const double before = cpu_seconds(child.pid);
        const auto start = Clock::now();
        std::this_thread::sleep_for(std::chrono::seconds(20));
        const double cpu = cpu_seconds(child.pid) - before;
        const double wall = std::chrono::duration<double>(Clock::now() - start).count();
        const int status = stop_kiosk(child);
        std::printf("idle CPU on the home screen: %.3f s of CPU in %.1f s = %.2f%% of one core (target <= 1%%); exit status on SIGTERM %d\n",
                    cpu, wall, 100.0 * cpu / wall, status);
    }

    const StartFigures empty = start_figures(kiosk, empty_config, 5);
    const std::string fill = fill_outbox + " " + (dir / "full.db").string() + " 1000000 >/dev/null";
    std::printf("filling a database with 1,000,000 unsent events...\n");
    std::fflush(stdout);
    if (std::system(fill.c_str()) != 0) throw std::runtime_error("fill_outbox failed: " + fill);
    const StartFigures full = start_figures(kiosk, full_config, 5);

    std::printf("first frame (median of 5, from process start): empty db %.0f ms, 1,000,000 unsent events %.0f ms (target <= 500 ms)\n",
                empty.first_frame_ms, full.first_frame_ms);
    std::printf("resident memory (VmRSS, median of 5): empty db %.1f MiB, 1,000,000 unsent events %.1f MiB, %+.1f%% (target <= +10%%)\n",
                empty.rss_kib / 1024.0, full.rss_kib / 1024.0, 100.0 * (full.rss_kib - empty.rss_kib) / empty.rss_kib);
    std::filesystem::remove_all(dir);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "frames") return bench_frames();
        if ((mode == "process" || mode == "all") && argc == 4) {
            if (mode == "all") bench_frames();
            return bench_process(argv[2], argv[3]);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "kiosk_bench: %s\n", error.what());
        return 1;
    }
    std::fprintf(stderr, "usage: %s frames | process KIOSK FILL_OUTBOX | all KIOSK FILL_OUTBOX (under X; see bench/kiosk_bench.sh)\n", argv[0]);
    return 2;
}
