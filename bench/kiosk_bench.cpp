// Kiosk benchmark: home frame vs empty ImGui frame, and home with the content strip vs home without content (same GL
// context); the real kiosk's idle CPU, first frame and memory, with and without published content.
// Run under X (bench/kiosk_bench.sh starts xvfb at 1920x1080):
//   kiosk_bench frames                      frame times in this process
//   kiosk_bench process KIOSK FILL_OUTBOX   the kiosk binary: idle CPU over 40 s without and with 1,000 content
//                                           items; first frame and memory with an empty db, 1,000,000 events and
//                                           1,000 content items
//   kiosk_bench all KIOSK FILL_OUTBOX       both
#include "bench/bench_content.hpp"
#include "kiosk/logic/config.hpp"
#include "kiosk/logic/shell.hpp"
#include "kiosk/logic/strings.hpp"
#include "kiosk/platform/glfw_window.hpp"
#include "kiosk/platform/imgui_backend.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/kiosk_view.hpp"
#include "kiosk/ui/theme.hpp"
#include "sync/content_snapshot.hpp"
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
#include <memory>
#include <stdexcept>
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
    // Two shells on home: one whose content snapshot is empty (what a kiosk shows before anything was published),
    // one holding 20 news items (home then shows the strip with the newest item, and the News button).
    constexpr std::size_t kStripNews = 20;
    kiosk::Shell shell(config, recorder, Clock::now());
    auto no_content = std::make_shared<floorsync::ContentSnapshot>();
    no_content->version = 1;
    shell.set_content(no_content);
    kiosk::Shell strip_shell(config, recorder, Clock::now());
    auto news = std::make_shared<floorsync::ContentSnapshot>();
    news->items = bench_content::kiosk_items(kStripNews, false);
    news->version = 1;
    strip_shell.set_content(news);
    if (strip_shell.host().content().strip.empty()) throw std::runtime_error("the news items make no strip on home");
    kiosk::ui::KioskView view(strings, fonts);
    const kiosk::ui::StatusSnapshot status;

    // One frame in three stages, all from NewFrame: the CPU build (NewFrame..Render, the draw lists), then the GL
    // work up to glFinish (the rasteriser: llvmpipe under xvfb), then the presented frame including SwapBuffers.
    // Also the CPU time of all threads (llvmpipe's rasteriser threads included) up to glFinish: the work itself,
    // which load from other processes on a shared machine inflates much less than the wall-clock figures.
    struct FrameTimes {
        double build_ms, finished_ms, presented_ms, cpu_ms, view_ms;
    };
    auto process_cpu_ms = [] {
        timespec now{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
        return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
    };
    struct DrawStats {
        int commands = 0, vertices = 0, triangles = 0;
    };
    enum Variant { empty_frame = 0, home_frame = 1, strip_frame = 2 };
    DrawStats stats[3];
    auto frame = [&](Variant variant) {
        const double cpu_start = process_cpu_ms();
        const auto start = Clock::now();
        backend.new_frame();
        ImGui::NewFrame();
        const auto drawing = Clock::now();
        if (variant == home_frame) view.draw(shell, status, Clock::now());
        if (variant == strip_frame) view.draw(strip_shell, status, Clock::now());
        const auto drawn = Clock::now();
        ImGui::Render();
        const auto built = Clock::now();
        {
            const ImDrawData* data = ImGui::GetDrawData();
            DrawStats& out = stats[variant];
            out = {0, data->TotalVtxCount, data->TotalIdxCount / 3};
            for (int i = 0; i < data->CmdListsCount; ++i) out.commands += data->CmdLists[i]->CmdBuffer.Size;
        }
        glViewport(0, 0, width, height);
        glClearColor(0.06f, 0.09f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);  // every variant clears the whole framebuffer
        backend.render_draw_data();
        glFinish();
        const auto finished = Clock::now();
        const double cpu_ms = process_cpu_ms() - cpu_start;
        window.swap_buffers();
        const auto presented = Clock::now();
        using Ms = std::chrono::duration<double, std::milli>;
        return FrameTimes{Ms(built - start).count(), Ms(finished - start).count(), Ms(presented - start).count(), cpu_ms,
                          Ms(drawn - drawing).count()};
    };

    glfwSwapInterval(0);  // the presented figure is the work of a frame, not a wait for the display's refresh
    for (int i = 0; i < 20; ++i) { frame(empty_frame); frame(home_frame); frame(strip_frame); }
    std::vector<double> build[3], finished[3], presented[3], cpu[3], view_only[3];
    for (int i = 0; i < 200; ++i) {  // interleaved, so load from other processes hits all alike; the order rotates
        for (int k = 0; k < 3; ++k) {
            const auto variant = static_cast<Variant>((i + k) % 3);
            const FrameTimes t = frame(variant);
            build[variant].push_back(t.build_ms), finished[variant].push_back(t.finished_ms);
            presented[variant].push_back(t.presented_ms), cpu[variant].push_back(t.cpu_ms);
            view_only[variant].push_back(t.view_ms);
        }
    }
    auto m = [](const std::vector<double>* series, Variant variant) { return median(series[variant]); };
    const double empty_ms = m(finished, empty_frame), home_ms = m(finished, home_frame), strip_ms = m(finished, strip_frame);
    std::printf("frame at %dx%d (median of 200, glFinish each): empty ImGui frame %.2f ms, home screen %.2f ms, ratio %.2fx (target <= 1.3x)\n",
                width, height, empty_ms, home_ms, home_ms / empty_ms);
    const double empty_build_ms = m(build, empty_frame), home_build_ms = m(build, home_frame), strip_build_ms = m(build, strip_frame);
    std::printf("  CPU frame build (NewFrame..Render): empty %.3f ms, home %.3f ms (%d draw commands, %d vertices, %d triangles)\n",
                empty_build_ms, home_build_ms, stats[home_frame].commands, stats[home_frame].vertices, stats[home_frame].triangles);
    std::printf("  GL work after the build, to glFinish (rasterising, %s): empty %.2f ms, home %.2f ms\n",
                reinterpret_cast<const char*>(glGetString(GL_RENDERER)), empty_ms - empty_build_ms, home_ms - home_build_ms);
    std::printf("  CPU time of all threads to glFinish (rasteriser threads included): empty %.2f ms, home %.2f ms, ratio %.2fx\n",
                m(cpu, empty_frame), m(cpu, home_frame), m(cpu, home_frame) / m(cpu, empty_frame));
    std::printf("  presented frame incl. SwapBuffers (swap interval 0): empty %.2f ms, home %.2f ms, ratio %.2fx\n",
                m(presented, empty_frame), m(presented, home_frame), m(presented, home_frame) / m(presented, empty_frame));
    const double strip_ratio = strip_build_ms / home_build_ms;
    std::printf("home with the content strip (%zu news items) vs home without content, CPU frame build (NewFrame..Render, no GL, "
                "median of 200): without %.3f ms, with %.3f ms, ratio %.2fx (target <= 1.3x: %s)\n",
                kStripNews, home_build_ms, strip_build_ms, strip_ratio, strip_ratio <= 1.3 ? "MET" : "NOT MET");
    std::printf("  KioskView::draw alone (the screen's own CPU work, without the platform frame, NewFrame and Render): without %.3f ms, "
                "with %.3f ms, ratio %.2fx\n",
                m(view_only, home_frame), m(view_only, strip_frame), m(view_only, strip_frame) / m(view_only, home_frame));
    std::printf("  draw data: without %d commands, %d vertices, %d triangles; with %d commands, %d vertices, %d triangles\n",
                stats[home_frame].commands, stats[home_frame].vertices, stats[home_frame].triangles,
                stats[strip_frame].commands, stats[strip_frame].vertices, stats[strip_frame].triangles);
    std::printf("  whole frame to glFinish: without %.2f ms, with %.2f ms, ratio %.2fx; CPU of all threads: without %.2f ms, with %.2f ms, ratio %.2fx\n",
                home_ms, strip_ms, strip_ms / home_ms, m(cpu, home_frame), m(cpu, strip_frame), m(cpu, strip_frame) / m(cpu, home_frame));
    std::filesystem::remove_all(dir);
    return 0;
}

// --- The real kiosk process ------------------------------------------------------------------------------

struct Child {
    pid_t pid = -1;
    int out = -1;  // its stdout
};

Child spawn_kiosk(const std::string& kiosk, const std::string& config, const std::string& targets_file = "") {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    env_strings.emplace_back("FLOOR_KIOSK_REPORT_FIRST_FRAME=1");
    if (!targets_file.empty()) env_strings.emplace_back("FLOOR_KIOSK_TARGETS_FILE=" + targets_file);
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

long status_kib(pid_t pid, const std::string& field) {  // "VmRSS:", "VmHWM:"
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
    return -1;
}

// Milliseconds since the process started, as the kiosk computes its first_frame_ms (starttime in /proc/PID/stat).
double ms_since_start(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(content.substr(content.rfind(')') + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int index = 3; fields >> field; ++index)
        if (index == 22) { start_ticks = std::stoull(field); break; }
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    return static_cast<double>(boot.tv_sec) * 1e3 + static_cast<double>(boot.tv_nsec) / 1e6 -
           static_cast<double>(start_ticks) * 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

bool file_has_line_starting(const std::filesystem::path& path, const std::string& prefix) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0) return true;
    return false;
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
    double strip_ms = -1;  // when home first showed the content strip (from process start); -1: never
    double cpu_to_first_ms = 0;  // CPU of the whole process (all threads) up to the first frame
    long rss_kib = 0, hwm_kib = 0;
};

struct StartVariant {
    std::filesystem::path config;
    bool expect_strip = false;
};

// `runs` starts of the kiosk per variant, the variants taking turns (so drift and load from other processes hit all
// alike): its first frame, when the strip appeared (read from the targets file, which the kiosk rewrites whenever its
// tap targets change; every run writes one, so all variants do the same work), and resident memory 1.5 s after the
// first frame (the workers have opened the store, counted and read the content).
std::vector<StartFigures> start_figures(const std::string& kiosk, const std::vector<StartVariant>& variants, int runs) {
    struct Samples {
        std::vector<double> first, strip, rss, hwm, cpu;
    };
    std::vector<Samples> samples(variants.size());
    for (int i = 0; i < runs; ++i) {
        for (std::size_t v = 0; v < variants.size(); ++v) {
            const auto& config = variants[v].config;
            Samples& out = samples[v];
            const auto targets = config.parent_path() / ("targets-" + config.stem().string() + ".txt");
            std::filesystem::remove(targets);
            Child child = spawn_kiosk(kiosk, config.string(), targets.string());
            out.first.push_back(wait_first_frame(child, std::chrono::seconds(30)));
            out.cpu.push_back(1e3 * cpu_seconds(child.pid));
            const auto memory_at = Clock::now() + std::chrono::milliseconds(1500);
            if (variants[v].expect_strip) {
                double seen = -1;
                for (const auto give_up = Clock::now() + std::chrono::seconds(10); Clock::now() < give_up;) {
                    if (file_has_line_starting(targets, "strip ")) { seen = ms_since_start(child.pid); break; }
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                }
                out.strip.push_back(seen);
            }
            std::this_thread::sleep_until(memory_at);
            out.rss.push_back(static_cast<double>(status_kib(child.pid, "VmRSS:")));
            out.hwm.push_back(static_cast<double>(status_kib(child.pid, "VmHWM:")));
            const int status = stop_kiosk(child);
            if (status != 0) std::printf("  warning: the kiosk exited with status %d on SIGTERM\n", status);
        }
    }
    std::vector<StartFigures> figures;
    for (const Samples& one : samples)
        figures.push_back({median(one.first), one.strip.empty() ? -1.0 : median(one.strip), median(one.cpu),
                           static_cast<long>(median(one.rss)), static_cast<long>(median(one.hwm))});
    return figures;
}

struct IdleFigures {
    double cpu_s = 0, wall_s = 0;
    int exit_status = 0;
    double percent() const { return 100.0 * cpu_s / wall_s; }
};

// The kiosk left alone on home for `seconds` (after its start-up settled): CPU of the whole process.
IdleFigures idle_cpu(const std::string& kiosk, const std::filesystem::path& config, int seconds) {
    Child child = spawn_kiosk(kiosk, config.string());
    wait_first_frame(child, std::chrono::seconds(30));
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const double before = cpu_seconds(child.pid);
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    IdleFigures figures;
    figures.cpu_s = cpu_seconds(child.pid) - before;
    figures.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    figures.exit_status = stop_kiosk(child);
    return figures;
}

void run_fill(const std::string& fill_outbox, const std::filesystem::path& db, const std::string& args) {
    const std::string command = fill_outbox + " " + db.string() + " " + args + " >/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("fill_outbox failed: " + command);
}

double percent_more(double value, double base) { return 100.0 * (value - base) / base; }

int bench_process(const std::string& kiosk, const std::string& fill_outbox) {
    constexpr int kIdleSeconds = 40;
    constexpr int kStarts = 7;
    constexpr int kContentItems = 1000;
    const auto dir = make_temp_dir();
    const auto empty_config = dir / "empty.toml", full_config = dir / "full.toml", content_config = dir / "content.toml";
    write_config(empty_config, dir / "empty.db");
    write_config(full_config, dir / "full.db");
    write_config(content_config, dir / "content.db");
    // 1,000 published items in the content cache, as the sync engine stores the feed (no events): the mix the
    // central team publishes, titles ~60 and bodies ~600 characters, nl and en.
    run_fill(fill_outbox, dir / "content.db", "0 --content " + std::to_string(kContentItems));

    // Idle CPU on the home screen: baseline without content (nothing wakes the kiosk), then with content (home shows
    // the strip, which moves on every 8 s: the kiosk wakes and draws one frame then).
    const IdleFigures idle_empty = idle_cpu(kiosk, empty_config, kIdleSeconds);
    const IdleFigures idle_content = idle_cpu(kiosk, content_config, kIdleSeconds);
    std::printf("idle CPU on the home screen: %.3f s of CPU in %.1f s = %.2f%% of one core (target <= 1%%); exit status on SIGTERM %d\n",
                idle_empty.cpu_s, idle_empty.wall_s, idle_empty.percent(), idle_empty.exit_status);
    std::printf("idle CPU on home with the strip (%d content items, strip changes every 8 s): %.3f s of CPU in %.1f s = %.2f%% of one core "
                "(baseline without content %.2f%%, +%.2f points; target <= 1%%: %s); exit status on SIGTERM %d\n",
                kContentItems, idle_content.cpu_s, idle_content.wall_s, idle_content.percent(), idle_empty.percent(),
                idle_content.percent() - idle_empty.percent(), idle_content.percent() <= 1.0 ? "MET" : "NOT MET",
                idle_content.exit_status);
    std::fflush(stdout);

    std::printf("filling a database with 1,000,000 unsent events...\n");
    std::fflush(stdout);
    run_fill(fill_outbox, dir / "full.db", "1000000");
    const auto starts = start_figures(kiosk, {{empty_config, false}, {full_config, false}, {content_config, true}}, kStarts);
    const StartFigures& empty = starts[0];
    const StartFigures& full = starts[1];
    const StartFigures& with_content = starts[2];

    std::printf("first frame (median of %d, from process start): empty db %.0f ms, 1,000,000 unsent events %.0f ms (target <= 500 ms)\n",
                kStarts, empty.first_frame_ms, full.first_frame_ms);
    std::printf("resident memory (VmRSS, median of %d): empty db %.1f MiB, 1,000,000 unsent events %.1f MiB, %+.1f%% (target <= +10%%)\n",
                kStarts, empty.rss_kib / 1024.0, full.rss_kib / 1024.0, percent_more(full.rss_kib, empty.rss_kib));
    const double first_more = percent_more(with_content.first_frame_ms, empty.first_frame_ms);
    const double rss_more = percent_more(with_content.rss_kib, empty.rss_kib);
    const double hwm_more = percent_more(with_content.hwm_kib, empty.hwm_kib);
    std::printf("first frame with %d content items (median of %d, from process start, starts interleaved with the empty db's): "
                "%.0f ms vs empty db %.0f ms, %+.1f%% (target <= +10%%: %s)\n",
                kContentItems, kStarts, with_content.first_frame_ms, empty.first_frame_ms, first_more, first_more <= 10.0 ? "MET" : "NOT MET");
    std::printf("  the content strip on screen (median of %d, from process start): %.0f ms (first frame %.0f ms)\n",
                kStarts, with_content.strip_ms, with_content.first_frame_ms);
    std::printf("  CPU of the kiosk process (all threads) up to its first frame (median of %d): empty db %.0f ms, %d content items %.0f ms, %+.1f%%; "
                "1,000,000 events %.0f ms\n",
                kStarts, empty.cpu_to_first_ms, kContentItems, with_content.cpu_to_first_ms,
                percent_more(with_content.cpu_to_first_ms, empty.cpu_to_first_ms), full.cpu_to_first_ms);
    std::printf("resident memory with %d content items (median of %d, 1.5 s after the first frame): VmRSS %.1f MiB vs empty db %.1f MiB, %+.1f%%; "
                "VmHWM %.1f MiB vs %.1f MiB, %+.1f%% (target <= +10%%: %s)\n",
                kContentItems, kStarts, with_content.rss_kib / 1024.0, empty.rss_kib / 1024.0, rss_more, with_content.hwm_kib / 1024.0,
                empty.hwm_kib / 1024.0, hwm_more, rss_more <= 10.0 && hwm_more <= 10.0 ? "MET" : "NOT MET");
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
