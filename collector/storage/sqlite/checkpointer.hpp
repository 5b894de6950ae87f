// Background WAL checkpoints for the collector's database, so the writer thread never copies pages back itself.
#pragma once

#include <memory>
#include <string>

namespace floorsync::collector {

// Owns its own connection and thread. The writer turns automatic checkpoints off on its connection and calls
// request() after each commit; the thread then runs a PASSIVE checkpoint, which never blocks the writer. Requests
// that come while one runs are merged into the next run.
class Checkpointer {
public:
    explicit Checkpointer(const std::string& db_path);
    ~Checkpointer();  // a last checkpoint, then the thread stops
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    void request();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace floorsync::collector
