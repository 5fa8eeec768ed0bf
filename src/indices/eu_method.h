// The EU criticality method (JRC 2017 guidelines, used for the 2020 and 2023 lists):
// supply risk and economic importance (docs/eu-method.md, equations E1-E6).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/raw_tables.h"
#include "indices/economy.h"
#include "indices/eu_parameters.h"
#include "indices/geopolrisk.h"

namespace critmin::indices {

// E1: the mean of the six WGI estimates rescaled to 0-10, 10 the worst governance.
[[nodiscard]] double wgi_scaled(double mean_wgi);

// E2: sum of share^2 x scaled WGI x trade variable (shares as fractions: 0 to about 10).
[[nodiscard]] double hhi_wgi_t(std::span<const double> share, std::span<const double> wgi,
                               std::span<const double> t);

// E3: (imports - exports) / (production + imports - exports), kept within [0, 1]; 0 for an
// economy that needs no imports. NaN when nothing is produced or traded.
[[nodiscard]] double eu_import_reliance(double production, double imports, double exports);

// E4 at one stage. When one sourcing view is unknown (NaN) the other is used alone, as the 2023
// study did ("GS only").
[[nodiscard]] double supply_risk(double hhi_global, double hhi_sourcing, double import_reliance,
                                 double eol_rir, double si_sr);

// E5: SI_EI x 10 x sum_s(A_s Q_s) / Q_max. Shares are used as published (not renormalised).
[[nodiscard]] double economic_importance(std::span<const double> share,
                                         std::span<const double> value_added, double si_ei,
                                         double q_max);

// E6: critical when EI >= 2.8 and SR >= 1.0 (thresholds included).
[[nodiscard]] bool is_critical(double ei, double sr);

inline constexpr double kCriticalEi = 2.8;
inline constexpr double kCriticalSr = 1.0;

struct EuStage {
    Id commodity = kNoId;
    double hhi_global = 0, hhi_sourcing = 0, import_reliance = 0, sr = 0;
    std::size_t countries_without_wgi = 0;
};

struct EuResult {
    const EuMaterial* material = nullptr;
    int year = 0;
    std::vector<EuStage> stages;  // one per commodity of the material found in the tables
    double sr = 0;                // E4: the largest stage SR
    Id stage_used = kNoId;        // the commodity whose SR was kept
    double ei = 0;                // E5
    double end_use_share_total = 0;
    bool critical = false;    // E6
    bool determined = false;  // false when SR or EI is unknown: then `critical` means nothing
};

// The materials of `parameters` that cover `commodity` (by the commodity column, or by name,
// case and spacing ignored), latest assessment first.
[[nodiscard]] std::vector<const EuMaterial*> eu_materials_for(const EuParameters& parameters,
                                                              const std::string& commodity);

// SR and EI of every material covering one of `commodities`, for the economy and each year.
[[nodiscard]] std::vector<EuResult> eu_assessment(const RawTables& tables,
                                                  const EuParameters& parameters,
                                                  const Economy& economy,
                                                  std::span<const Id> commodities,
                                                  std::span<const int> years, WgiYear wgi_year);

}  // namespace critmin::indices
