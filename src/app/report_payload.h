// The `report` pipeline (docs/cli.md, "critmin report"): the dataset, results databases, a stress
// database and a plan into the one JSON payload the HTML template draws, with the key figures a
// reader sees first. The CLI adds nothing but the criticality tables (from `assess`) and writes the
// HTML.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace critmin::app {

struct ReportRequest {
    std::string dataset;               // dataset folder
    std::string data_root;             // holds reference/countries.csv (ISO numeric codes)
    std::vector<std::string> results;  // simulate --out databases
    std::string stress;                // stress --out database (empty: none)
    std::string plan;                  // critmin optimize --format json output (empty: none)
    std::string coalition;             // critmin coalition --format json output (empty: none)
    std::string recycling;             // critmin mfa recycling --format json output (empty: none)
    // Criticality tables for one economy, placed as they are (`criticality` and
    // `criticality_economy`; null: none).
    nlohmann::ordered_json criticality;
    std::string criticality_economy;
};

struct ReportPayload {
    nlohmann::ordered_json data;           // what the template's script reads
    std::vector<std::string> key_figures;  // one sentence per run, stress test and plan
    std::size_t runs = 0;                  // scenario runs found in the results databases
};

// Reads every input (InvalidInput with the file for a missing or foreign one) and builds the
// payload: concentration (A1-A3), the base year's Sankey, scenario runs with their summaries,
// stress rows and exceedance points (T13), the plan's views and key figure, and the sources.
[[nodiscard]] ReportPayload build_report_payload(const ReportRequest& request);

}  // namespace critmin::app
