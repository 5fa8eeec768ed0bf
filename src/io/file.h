// Reading and writing whole files safely.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace critmin::io {

// Reads a regular file into `text`. A missing file, a folder, an unreadable file or one larger
// than `max_bytes` adds a diagnostic and returns false.
bool read_text_file(const std::string& path, std::string& text, std::size_t max_bytes,
                    Diagnostics& diagnostics);

// The 1-based line and column of byte `offset` in `text`, for messages about a file.
[[nodiscard]] Location text_location(const std::string& path, std::string_view text,
                                     std::size_t offset);

// Creates `folder` (and its parents) for output files; throws Error(runtime), exit code 1 as for
// any output that cannot be written, naming the folder and the reason (a regular file in the
// way, no permission).
void ensure_output_folder(const std::string& folder);

// Writes `content` to a temporary file beside `path` and renames it over `path`, so a reader
// never sees a half-written file. Throws Error(runtime) on failure and leaves no temporary file.
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace critmin::io
