#include "sim/mrio_network.h"

#include <algorithm>

#include "sim/slot_layout.h"

namespace critmin::sim {

Network build_mrio_network(const MrioTable& mrio, const ModelParameters& p,
                           const MrioOptions& options) {
    const bool dense = p.mode == Mode::boario;
    const std::size_t n = mrio.n_industries();
    const std::size_t n_sectors = mrio.sectors.size();
    const std::size_t n_regions = mrio.regions.size();
    const std::size_t n_fd = mrio.n_final_columns();
    const double per_step = 1.0 / options.steps_per_year;

    Network net;
    net.product_labels = mrio.sectors;
    net.region_labels = mrio.regions;
    net.inventory_steps.assign(n_sectors,
                               options.inventory_steps <= 1 ? 2.0 : options.inventory_steps);
    net.x0.resize(n);
    net.node_product.resize(n);
    net.node_region.resize(n);
    net.node_labels.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        net.x0[i] = mrio.x[i] * per_step;
        net.node_product[i] = static_cast<std::uint32_t>(i % n_sectors);
        net.node_region[i] = static_cast<std::uint32_t>(i / n_sectors);
        net.node_labels[i] = mrio.industry_label(i);
    }
    // Reciprocal output as pymrio computes A = Z * (1/x), zero where x is zero.
    std::vector<double> inv_x(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) inv_x[j] = mrio.x[j] != 0 ? 1.0 / mrio.x[j] : 0.0;

    // Productive capital = ratio x value added, value added = x - column sums of Z (>= 0).
    net.capital.assign(n, 0.0);
    SlotLayout layout(net, n);
    // Z is stored by supplier row and slots are laid out by buyer column: reading a column with
    // stride n touches a cache line per value (about 12 GB at EXIOBASE size for the passes
    // here), so blocks of columns are first copied into contiguous scratch. The values and the
    // order of every sum are those of a plain column walk.
    constexpr std::size_t kColumnBlock = 64;
    std::vector<double> columns(std::min(kColumnBlock, n) * n);
    for (std::size_t j0 = 0; j0 < n; j0 += kColumnBlock) {
        const std::size_t width = std::min(kColumnBlock, n - j0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t b = 0; b < width; ++b) columns[b * n + i] = mrio.z[i * n + j0 + b];
        for (std::size_t b = 0; b < width; ++b) {
            const std::size_t j = j0 + b;
            const double* column = &columns[b * n];
            for (std::size_t s = 0; s < n_sectors; ++s) {
                bool any = false;
                for (std::size_t r = 0; r < n_regions; ++r)
                    any = any || column[r * n_sectors + s] > 0;
                if (!dense && !any) continue;  // dense (BoARIO) keeps every slot and edge
                for (std::size_t r = 0; r < n_regions; ++r) {
                    const double z = column[r * n_sectors + s];
                    if (!dense && z <= 0) continue;
                    layout.add(static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(s),
                               static_cast<std::uint32_t>(r * n_sectors + s), z);
                }
            }
            double inputs = 0.0;
            for (std::size_t i = 0; i < n; ++i) inputs += column[i];
            const double va = std::max(mrio.x[j] - inputs, 0.0);
            net.capital[j] = va * options.capital_to_value_added;
        }
    }
    layout.finish();
    net.index_suppliers();
    // Input coefficients as pymrio computes A = Z * (1/x), summed over the supplying regions.
    net.slot_tech.resize(net.n_slots());
    net.slot_binding.resize(net.n_slots());
    for (std::uint32_t k = 0; k < net.n_slots(); ++k) {
        const std::uint32_t j = net.slot_buyer[k];
        double tech = 0.0, yearly = 0.0;
        for (std::uint32_t e = net.edge_begin[k]; e < net.edge_begin[k + 1]; ++e) {
            tech += net.edge_z0[e] * inv_x[j];
            yearly += net.edge_z0[e];
        }
        net.slot_tech[k] = tech;
        // S7: BoARIO compares the yearly aggregated flow with the daily output.
        const bool binding =
            dense ? yearly > net.x0[j] * p.technology_threshold : tech > p.technology_threshold;
        net.slot_binding[k] = binding ? 1 : 0;
    }
    for (double& z : net.edge_z0) z *= per_step;

    net.final_labels.resize(n_fd);
    net.final_region.resize(n_fd);
    for (std::size_t c = 0; c < n_fd; ++c) {
        net.final_labels[c] = mrio.final_column_label(c);
        net.final_region[c] = static_cast<std::uint32_t>(c / mrio.categories.size());
    }
    net.fd_begin.assign(1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < n_fd; ++c) {
            const double y = mrio.y[i * n_fd + c];
            if (!dense && y <= 0) continue;
            net.fd_column.push_back(static_cast<std::uint32_t>(c));
            net.fd_y0.push_back(y * per_step);
        }
        net.fd_begin.push_back(static_cast<std::uint32_t>(net.fd_column.size()));
    }

    net.check();
    return net;
}

}  // namespace critmin::sim
