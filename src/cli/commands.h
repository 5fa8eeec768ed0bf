// The commands of the critmin tool. Each takes plain options and returns a Report; main.cpp
// wires them to CLI11 and handles output and exit codes.
#pragma once

#include <string>
#include <vector>

#include "cli/output.h"

namespace critmin::cli {

// The embedded dataset folder: $CRITMIN_DATA/rare-earths, else data/rare-earths beside the
// build tree, else the folder configured at build time.
[[nodiscard]] std::string default_dataset_dir();

struct AssessOptions {
    std::string dataset;                   // empty: the embedded dataset
    std::string economy;                   // --for: ISO3 or group; empty: world view only
    int year = 0;                          // 0: the dataset's base year
    std::vector<std::string> commodities;  // empty: all with production in the year
};
[[nodiscard]] Report run_assess(const AssessOptions& options);

[[nodiscard]] Report run_data_summary(const std::string& dataset);

// Validation returns its report and sets `valid`; problems are rows (file, line, column, message).
[[nodiscard]] Report run_data_validate(const std::string& dataset, bool& valid);

}  // namespace critmin::cli
