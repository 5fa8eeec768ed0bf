// The closed vocabularies of the data model, each with its spelling in data files.
//
// Every enum has a names table in the same order as its values; parse_enum and to_string work
// from that table so a spelling is declared once.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace critmin {

// Stages of a mineral supply chain, in chain order (upstream first). `separation` is rare-earth
// separation into oxides; `refining` is the first refining of other minerals (low-purity gallium,
// germanium, spherical graphite, antimony trioxide, APT) and comes after it in chain order.
enum class Stage : std::uint8_t {
    mining,
    separation,
    refining,
    metal,
    alloy,
    magnet,
    component,
    end_use
};
inline constexpr std::array<std::string_view, 8> kStageNames = {
    "mining", "separation", "refining", "metal", "alloy", "magnet", "component", "end_use"};
inline constexpr std::size_t kStageCount = kStageNames.size();

enum class Confidence : std::uint8_t { reported, secondary, estimated };
inline constexpr std::array<std::string_view, 3> kConfidenceNames = {"reported", "secondary",
                                                                     "estimated"};

enum class ProducerKind : std::uint8_t { country, facility };
inline constexpr std::array<std::string_view, 2> kProducerKindNames = {"country", "facility"};

enum class Status : std::uint8_t { operating, under_construction, planned };
inline constexpr std::array<std::string_view, 3> kStatusNames = {"operating", "under_construction",
                                                                 "planned"};

// First uses of a commodity. The first five are the NdFeB magnet uses of dataset 0.1; the rest
// came with 0.2 (hybrids, the other controlled rare earths and minerals); new ones go last so
// stored results keep their meaning.
enum class EndUse : std::uint8_t {
    ev_traction_motors,
    wind_generators,
    consumer_electronics,
    industrial_motors,
    other,
    hybrid_vehicle_motors,
    air_conditioners,
    defence_aerospace,
    medical_imaging,
    coatings_and_lasers,
    semiconductors,
    optical_fibre_and_infrared,
    battery_anodes,
    flame_retardants,
    hardmetals
};
inline constexpr std::array<std::string_view, 15> kEndUseNames = {"ev_traction_motors",
                                                                  "wind_generators",
                                                                  "consumer_electronics",
                                                                  "industrial_motors",
                                                                  "other",
                                                                  "hybrid_vehicle_motors",
                                                                  "air_conditioners",
                                                                  "defence_aerospace",
                                                                  "medical_imaging",
                                                                  "coatings_and_lasers",
                                                                  "semiconductors",
                                                                  "optical_fibre_and_infrared",
                                                                  "battery_anodes",
                                                                  "flame_retardants",
                                                                  "hardmetals"};

enum class FlowBasis : std::uint8_t { trade_statistics, company_report, estimate };
inline constexpr std::array<std::string_view, 3> kFlowBasisNames = {"trade_statistics",
                                                                    "company_report", "estimate"};

enum class RecipeRole : std::uint8_t { input, output };
inline constexpr std::array<std::string_view, 2> kRecipeRoleNames = {"input", "output"};

enum class ProjectKind : std::uint8_t {
    mine,
    separation,
    metal,
    alloy,
    magnet,
    recycling,
    refining
};
inline constexpr std::array<std::string_view, 7> kProjectKindNames = {
    "mine", "separation", "metal", "alloy", "magnet", "recycling", "refining"};

// Network nodes: things that send or receive flows.
enum class NodeKind : std::uint8_t { producer, demand, stockpile };
inline constexpr std::array<std::string_view, 3> kNodeKindNames = {"producer", "demand",
                                                                   "stockpile"};

template <typename E>
struct EnumNames;
template <>
struct EnumNames<Stage> {
    static constexpr const auto& kNames = kStageNames;
};
template <>
struct EnumNames<Confidence> {
    static constexpr const auto& kNames = kConfidenceNames;
};
template <>
struct EnumNames<ProducerKind> {
    static constexpr const auto& kNames = kProducerKindNames;
};
template <>
struct EnumNames<Status> {
    static constexpr const auto& kNames = kStatusNames;
};
template <>
struct EnumNames<EndUse> {
    static constexpr const auto& kNames = kEndUseNames;
};
template <>
struct EnumNames<FlowBasis> {
    static constexpr const auto& kNames = kFlowBasisNames;
};
template <>
struct EnumNames<RecipeRole> {
    static constexpr const auto& kNames = kRecipeRoleNames;
};
template <>
struct EnumNames<ProjectKind> {
    static constexpr const auto& kNames = kProjectKindNames;
};
template <>
struct EnumNames<NodeKind> {
    static constexpr const auto& kNames = kNodeKindNames;
};

template <typename E>
[[nodiscard]] constexpr std::string_view to_string(E value) {
    return EnumNames<E>::kNames[static_cast<std::size_t>(value)];
}

template <typename E>
[[nodiscard]] constexpr std::optional<E> parse_enum(std::string_view text) {
    const auto& names = EnumNames<E>::kNames;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == text) return static_cast<E>(i);
    }
    return std::nullopt;
}

// "a, b or c": the allowed spellings, for error messages.
template <typename E>
[[nodiscard]] std::string allowed_values() {
    const auto& names = EnumNames<E>::kNames;
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
        out += names[i];
    }
    return out;
}

}  // namespace critmin
