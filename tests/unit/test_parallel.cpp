// sim::parallel_for: every index runs once, and the error reported is the lowest failing
// index's, whatever the thread count and timing.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"
#include "sim/parallel_for.h"

using namespace critmin;

TEST(ParallelFor, EveryIndexOnceInItsRange) {
    std::vector<int> hits(300, 0);
    sim::parallel_for(40, 300, 2, 7, "item", [&](std::size_t i) { ++hits[i]; });
    for (std::size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(hits[i], i < 40 ? 0 : 1) << i;
}

TEST(ParallelFor, TheLowestFailingIndexIsReported) {
    for (int threads : {1, 2, 4}) {
        for (int repeat = 0; repeat < 20; ++repeat) {
            try {
                // Later indices fail first in time on other threads; the report must still
                // name 57, the lowest.
                sim::parallel_for(10, 500, threads, 1, "sample", [](std::size_t i) {
                    if (i == 57 || i == 58 || i > 300)
                        throw std::runtime_error("broke at " + std::to_string(i));
                });
                FAIL() << "no error";
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::runtime);
                EXPECT_EQ(std::string(e.what()), "sample 57: broke at 57");
            }
        }
    }
}

TEST(ParallelFor, BadInputKeepsItsDiagnostics) {
    try {
        sim::parallel_for(0, 8, 2, 1, "run", [](std::size_t i) {
            if (i == 3) {
                Diagnostics d;
                d.add({"plan.yaml", 4, 2, "sources[1]"}, "not a producer");
                throw InvalidInput(std::move(d));
            }
        });
        FAIL() << "no error";
    } catch (const InvalidInput& e) {
        EXPECT_NE(e.diagnostics().to_string().find("plan.yaml:4:2"), std::string::npos);
    }
}
