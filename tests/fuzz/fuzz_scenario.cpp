// Fuzzes the scenario reader (YAML) and the compile step against the tiny test dataset: every
// input ends in a compiled scenario or in diagnostics, never in a crash or an internal error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_file.h"
#include "io/loader.h"
#include "sim/compiled_scenario.h"
#include "sim/scenario_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const critmin::Dataset dataset = critmin::io::load_dataset(CRITMIN_TINY_DATASET);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    critmin::fuzz::expect_answer([&] {
        const critmin::sim::Scenario s = critmin::sim::parse_scenario(text, "scenario.yaml");
        // Only scenarios on the embedded or tiny dataset; a named folder is not read here.
        if (s.dataset.empty() && s.firms_table.empty())
            (void)critmin::sim::compile_scenario(dataset, s);
    });
    return 0;
}
