// Fuzzes the dataset manifest reader (YAML).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    critmin::Diagnostics diagnostics;
    (void)critmin::io::parse_manifest(text, "dataset.yaml", diagnostics);
    (void)diagnostics.to_string();
    return 0;
}
