// The hand-computed test dataset (tests/data/tiny), loaded once per test binary.
#pragma once

#include "core/dataset.h"
#include "io/loader.h"
#include "sim/dataset_network.h"

#include <gtest/gtest.h>

#include <string>

namespace critmin::test {

inline const Dataset& tiny() {
    static const Dataset ds = io::load_dataset(CRITMIN_SOURCE_DIR "/tests/data/tiny");
    return ds;
}

// The index of the network node labelled `label` (a test failure, and 0, when there is none).
inline std::size_t node_index(const sim::DatasetNetwork& dn, const std::string& label) {
    for (std::size_t i = 0; i < dn.net.n_nodes(); ++i)
        if (dn.net.node_labels[i] == label) return i;
    ADD_FAILURE() << "no node " << label;
    return 0;
}

}  // namespace critmin::test
