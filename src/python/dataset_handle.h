// critmin.Dataset: a loaded, checked dataset that Python holds and passes to assess, simulate
// and ttr, so that a notebook loads it once.
#pragma once

#include <memory>

#include "core/dataset.h"

namespace critmin::python {

struct DatasetHandle {
    std::shared_ptr<const Dataset> data;
};

}  // namespace critmin::python
