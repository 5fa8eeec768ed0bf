// The hand-computed test dataset (tests/data/tiny), loaded once per test binary.
#pragma once

#include "core/dataset.h"
#include "io/loader.h"

namespace critmin::test {

inline const Dataset& tiny() {
    static const Dataset ds = io::load_dataset(CRITMIN_SOURCE_DIR "/tests/data/tiny");
    return ds;
}

}  // namespace critmin::test
