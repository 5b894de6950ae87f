// glReadPixels + stb_image_write; OpenGL rows run bottom-up, PNG rows top-down.
#include "kiosk/platform/screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <stdexcept>
#include <vector>

namespace kiosk::platform {

void write_framebuffer_png(const std::string& path, int width, int height) {
    if (width <= 0 || height <= 0)
        throw std::runtime_error("cannot write screenshot " + path + ": the window has no pixels");
    const std::size_t row_bytes = static_cast<std::size_t>(width) * 4;
    std::vector<unsigned char> pixels(row_bytes * static_cast<std::size_t>(height));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (std::size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255;  // the kiosk is opaque; ignore whatever alpha the framebuffer kept

    stbi_flip_vertically_on_write(1);
    if (stbi_write_png(path.c_str(), width, height, 4, pixels.data(), static_cast<int>(row_bytes)) == 0)
        throw std::runtime_error("cannot write screenshot " + path + " (directory missing or not writable?)");
}

}  // namespace kiosk::platform
