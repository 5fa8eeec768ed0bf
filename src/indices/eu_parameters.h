// Inputs of the EU criticality method that statistics tables do not hold: substitution indices,
// end-of-life recycling input rates, end-use shares, sector value added and trade restrictions
// (data/criticality, docs/eu-method.md). Plain data; the user can edit the CSV files.
#pragma once

#include <string>
#include <vector>

namespace critmin::indices {

struct EuMaterial {
    std::string material;                       // e.g. "neodymium"
    std::vector<std::string> commodities;       // critmin commodity ids it covers
    int assessment = 0;                         // 2020, 2023
    double si_sr = 0, si_ei = 0, eol_rir = 0;   // NaN when not given
    double published_ei = 0, published_sr = 0;  // NaN when not given
    std::string source;                         // where the published figures were read
};

struct EuEndUse {
    std::string material, end_use, nace2;  // nace2 empty: no sector ("other")
    int assessment = 0;
    double share = 0;
};

struct EuValueAdded {
    std::string nace2, name;
    double value_added = 0;  // million EUR
};

struct EuExportRestriction {
    std::string country, material;
    double t = 1.0;
};

struct EuParameters {
    std::vector<EuMaterial> materials;
    std::vector<EuEndUse> end_uses;
    std::vector<EuValueAdded> value_added;
    std::vector<EuExportRestriction> restrictions;
    double t_member = 0.8;  // t of producers inside the assessed economy (EU member states)
    // Q_max of E5: value added of the largest manufacturing (NACE C) sector.
    [[nodiscard]] double largest_manufacturing_value_added() const;
    [[nodiscard]] double value_added_of(const std::string& nace2) const;  // NaN when absent
    [[nodiscard]] double t_of(const std::string& country, const std::string& material) const;
};

}  // namespace critmin::indices
