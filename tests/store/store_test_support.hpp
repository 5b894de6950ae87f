// Helpers for the store tests: temp dirs, sample events, a fault volume (tmpfs that fills up or turns read-only).
#pragma once

#include "sync/shared/clock.hpp"
#include "sync/shared/event.hpp"
#include "sync/sqlite.hpp"

#include <doctest/doctest.h>

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/temp_dir.hpp"

namespace store_test {

namespace fs = std::filesystem;

using test_support::TempDir;

inline floorsync::Event make_event(const std::string& type = floorsync::event_type::rating,
                                   std::string payload = R"({"score":4,"suspect":false})") {
    floorsync::Event event;
    event.id = floorsync::new_uuid_v4();
    event.type = type;
    event.created_at = floorsync::utc_now_rfc3339();
    event.kiosk_id = "kiosk-test-1";
    event.department = "warehouse";
    event.language = "nl";
    event.payload = std::move(payload);
    return event;
}

// COUNT(*) through an independent connection: what another process would see on disk.
inline std::int64_t count_rows(const std::string& db_path, const std::string& where = "1") {
    floorsync::sqlite::Database db(db_path, floorsync::sqlite::open_readonly);
    return db.query_int64("SELECT count(*) FROM events WHERE " + where);
}

// Polls until `done` holds or the deadline passes (tests stay bounded in time); returns done().
inline bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// A directory whose storage can be made full or read-only for real. As root, a small tmpfs is mounted on it:
// "full" writes a filler file until ENOSPC, "read-only" remounts it ro. Without root (or where mounting is not
// allowed) it falls back, loudly, to RLIMIT_FSIZE for "full" and to chmod for "read-only", which the kernel
// enforces for non-root users. The destructor always restores and unmounts, even when a check failed.
class FaultVolume {
public:
    explicit FaultVolume(fs::path dir, const char* size = "size=512k") : dir_(std::move(dir)) {
        fs::create_directories(dir_);
        if (geteuid() != 0) {
            MESSAGE("FALLBACK (not running as root): faults via RLIMIT_FSIZE and chmod instead of a tmpfs");
        } else if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, size) == 0) {
            mounted_ = true;
        } else {
            MESSAGE("FALLBACK (mounting a tmpfs failed: " << std::string(std::strerror(errno))
                                                          << "): faults via RLIMIT_FSIZE and chmod");
        }
    }
    ~FaultVolume() {
        try {
            make_writable();
            unfill();
        } catch (...) {
        }
        if (mounted_) {
            ::umount2(dir_.c_str(), MNT_DETACH);
        }
    }
    FaultVolume(const FaultVolume&) = delete;
    FaultVolume& operator=(const FaultVolume&) = delete;

    bool real_mount() const { return mounted_; }
    std::string file(const std::string& name) const { return (dir_ / name).string(); }

    void fill() {
        if (mounted_) {
            std::FILE* filler = std::fopen(file("filler").c_str(), "wb");
            REQUIRE(filler != nullptr);
            std::vector<char> block(4096, 'x');
            while (std::fwrite(block.data(), 1, block.size(), filler) == block.size() && std::fflush(filler) == 0) {
            }
            std::fclose(filler);
        } else {
            std::signal(SIGXFSZ, SIG_IGN);
            getrlimit(RLIMIT_FSIZE, &saved_limit_);
            std::uintmax_t largest = 0;
            for (const auto& entry : fs::directory_iterator(dir_)) {
                largest = std::max<std::uintmax_t>(largest, entry.file_size());
            }
            rlimit limit = saved_limit_;
            limit.rlim_cur = largest + 4096;
            REQUIRE(setrlimit(RLIMIT_FSIZE, &limit) == 0);
        }
        filled_ = true;
    }

    void unfill() {
        if (!filled_) {
            return;
        }
        if (mounted_) {
            fs::remove(file("filler"));
        } else {
            setrlimit(RLIMIT_FSIZE, &saved_limit_);
        }
        filled_ = false;
    }

    // As root the remount fails (EBUSY) while any file on it is open for writing: close connections first.
    void make_read_only() {
        if (mounted_) {
            REQUIRE_MESSAGE(::mount("tmpfs", dir_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0,
                            "remount ro: " << std::string(std::strerror(errno)));
        } else {
            for (const auto& entry : fs::directory_iterator(dir_)) {
                fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
            }
            fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
        }
        read_only_ = true;
    }

    void make_writable() {
        if (!read_only_) {
            return;
        }
        if (mounted_) {
            REQUIRE(::mount("tmpfs", dir_.c_str(), nullptr, MS_REMOUNT, nullptr) == 0);
        } else {
            fs::permissions(dir_, fs::perms::owner_all);
            for (const auto& entry : fs::directory_iterator(dir_)) {
                fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write);
            }
        }
        read_only_ = false;
    }

private:
    fs::path dir_;
    bool mounted_ = false;
    bool filled_ = false;
    bool read_only_ = false;
    rlimit saved_limit_{};
};

// Overwrites the first bytes of a database (its header) with garbage, as a failing card or a bad copy would.
inline void corrupt_header(const std::string& db_path) {
    std::fstream file(db_path, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(file.good());
    const std::string garbage(512, '\x5a');
    file.seekp(0);
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    file.flush();
    REQUIRE(file.good());
}

}  // namespace store_test
