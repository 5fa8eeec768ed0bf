// Fuzzes the YAML and JSON readers that take a path (stress catalogue, plan, coalition, TTR
// instance, BoARIO scenario, MFA recycling scenario): the first byte picks the reader, the rest is
// the file. Every input ends in a value or in diagnostics, never in a crash or an internal error.
#include <array>
#include <cstddef>
#include <cstdint>

#include "fuzz_file.h"
#include "mfa/magnet_reader.h"
#include "plan/coalition_file.h"
#include "plan/plan_file.h"
#include "plan/ttr_instance_reader.h"
#include "sim/boario_scenario.h"
#include "stress/catalogue.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using critmin::fuzz::expect_answer;
    using critmin::fuzz::write_input;
    if (size == 0) return 0;
    static const critmin::mfa::MagnetSystem magnets =
        critmin::mfa::read_magnet_system(CRITMIN_SOURCE_DIR "/tests/data/mfa/tiny");
    const int pick = data[0] % 6;
    ++data;
    --size;
    switch (pick) {
        case 0:
            expect_answer([&] {
                (void)critmin::stress::read_catalogue(write_input(data, size, "catalogue.yaml"));
            });
            break;
        case 1:
            expect_answer(
                [&] { (void)critmin::plan::read_plan(write_input(data, size, "plan.yaml")); });
            break;
        case 2:
            expect_answer([&] {
                (void)critmin::plan::read_coalition(write_input(data, size, "coalition.yaml"));
            });
            break;
        case 3:
            expect_answer([&] {
                (void)critmin::plan::read_ttr_instance(write_input(data, size, "instance.yaml"));
            });
            break;
        case 4:
            expect_answer([&] {
                (void)critmin::sim::read_boario_scenario(write_input(data, size, "boario.json"));
            });
            break;
        default:
            expect_answer([&] {
                (void)critmin::mfa::read_recycling_scenario(
                    write_input(data, size, "recycling.yaml"), magnets);
            });
    }
    return 0;
}
