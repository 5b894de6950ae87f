// Saves the current OpenGL framebuffer as a PNG (the --screenshot development option and the screenshot script).
#pragma once

#include <string>

namespace kiosk::platform {

// Reads the back buffer of the current context (call after rendering, before swapping) and writes it to `path`.
// Throws std::runtime_error naming the file when it cannot be written.
void write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace kiosk::platform
