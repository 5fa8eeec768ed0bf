#include "io/loader.h"

#include <filesystem>

#include "io/check.h"
#include "io/dataset_loader.h"
#include "io/manifest.h"

namespace critmin::io {

namespace detail {

namespace fs = std::filesystem;

// Tables are read in dependency order: a row may only name what an earlier table defined.
std::optional<Dataset> DatasetLoader::run() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
        diagnostics_.add({dir_, 0, 0, ""}, fs::exists(dir_, ec)
                                               ? "this is not a folder; a dataset is a folder "
                                                 "holding dataset.yaml and CSV tables"
                                               : "the dataset folder does not exist");
        return std::nullopt;
    }
    ds_.root = dir_;
    auto manifest = read_manifest(table_path("dataset.yaml"), diagnostics_);
    if (!manifest) return std::nullopt;  // without sources no row can be checked
    ds_.manifest = std::move(*manifest);
    ds_.index_names();
    load_countries();
    load_governance();
    load_commodities();
    load_element_content();
    load_deposits();
    load_processes();
    load_recipes();
    load_producers();
    load_demand();
    load_stockpiles();
    ds_.index_names();
    load_production();
    load_world_production();
    load_prices();
    load_flows();
    load_projects();
    load_controls();
    if (!diagnostics_.empty()) return std::nullopt;
    ds_.build_network();
    return std::move(ds_);
}

}  // namespace detail

std::optional<Dataset> read_dataset(const std::string& dir, Diagnostics& diagnostics) {
    Diagnostics local;
    auto ds = detail::DatasetLoader(dir, local).run();
    diagnostics.append(local);
    return ds;
}

Dataset load_dataset(const std::string& dir) {
    Diagnostics diagnostics;
    auto ds = read_dataset(dir, diagnostics);
    if (ds) check_dataset(*ds, diagnostics);
    if (!diagnostics.empty() || !ds) throw InvalidInput(std::move(diagnostics));
    return std::move(*ds);
}

}  // namespace critmin::io
