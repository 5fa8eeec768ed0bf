// Shared by the fuzzers of file-based readers: the input bytes written to a file of the given
// name in a folder of this process (readers that take a path are fuzzed through it), and one
// place that says which exceptions are expected answers to bad input.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"

namespace critmin::fuzz {

inline const std::filesystem::path& work_dir() {
    static const std::filesystem::path dir = [] {
        namespace fs = std::filesystem;
        const fs::path d =
            fs::temp_directory_path() / ("critmin-fuzz-input-" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

// Writes the input to NAME in the work folder and returns its path.
inline std::string write_input(const std::uint8_t* data, std::size_t size,
                               const std::string& name) {
    const std::filesystem::path p = work_dir() / name;
    std::ofstream(p, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return p.string();
}

// Runs `read`; critmin::Error (bad input, with its diagnostics) is the expected answer. Any other
// exception escapes and stops the fuzzer: it would reach the user as "internal error".
template <typename F>
void expect_answer(F&& read) {
    try {
        read();
    } catch (const critmin::Error& e) {
        (void)e.what();
    }
}

}  // namespace critmin::fuzz
