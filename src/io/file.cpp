#include "io/file.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace critmin::io {

Location text_location(const std::string& path, std::string_view text, std::size_t offset) {
    Location where{path, 1, 1, ""};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++where.line;
            where.column = 1;
        } else {
            ++where.column;
        }
    }
    return where;
}

bool read_text_file(const std::string& path, std::string& text, std::size_t max_bytes,
                    Diagnostics& diagnostics) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        diagnostics.add({path, 0, 0, ""}, "the file does not exist");
        return false;
    }
    if (!fs::is_regular_file(status)) {
        diagnostics.add({path, 0, 0, ""}, "this is not a regular file");
        return false;
    }
    const auto size = fs::file_size(path, ec);
    if (ec) {
        diagnostics.add({path, 0, 0, ""}, "the file cannot be read: " + ec.message());
        return false;
    }
    if (size > max_bytes) {
        diagnostics.add(
            {path, 0, 0, ""},
            fmt::format("the file is {} bytes, more than the limit of {} bytes", size, max_bytes));
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diagnostics.add({path, 0, 0, ""},
                        std::string("the file cannot be opened: ") + std::strerror(errno));
        return false;
    }
    text.assign(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return true;
}

void write_file_atomic(const std::string& path, std::string_view content) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    // A device or pipe (/dev/stdout, /dev/null, a FIFO) cannot be replaced by a rename: write
    // to it directly.
    std::error_code ec;
    const auto status = fs::status(target, ec);
    if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
        if (fs::is_directory(status))
            throw Error(ErrorKind::runtime, fmt::format("cannot write {}: it is a folder", path));
        std::ofstream out(path, std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) throw Error(ErrorKind::runtime, fmt::format("cannot write {}", path));
        return;
    }
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        throw Error(ErrorKind::runtime, fmt::format("cannot create a temporary file beside {}: {}",
                                                    path, std::strerror(errno)));
    }
    // mkstemp creates the file 0600; a written output follows the umask like any new file (and
    // like the results databases), 0644 under the usual umask 022.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd, static_cast<mode_t>(0666) & ~mask) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw Error(ErrorKind::runtime, fmt::format("cannot write {}: {}", path, why));
    }
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmpl.c_str());
            throw Error(ErrorKind::runtime, fmt::format("cannot write {}: {}", path, why));
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        throw Error(ErrorKind::runtime, fmt::format("cannot write {}: {}", path, why));
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        throw Error(ErrorKind::runtime, fmt::format("cannot replace {}: {}", path, why));
    }
}

void ensure_output_folder(const std::string& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec || !std::filesystem::is_directory(folder, ec))
        throw Error(ErrorKind::runtime,
                    fmt::format("cannot create the output folder {}: {}", folder,
                                ec ? ec.message() : "a file of that name is in the way"));
}

}  // namespace critmin::io
