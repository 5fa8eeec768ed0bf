// `critmin simulate`: dispatches to the MRIO mode (--mrio) or the scenario mode.
#include "cli/commands.h"
#include "core/error.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace critmin::cli {

Report run_simulate(const SimulateOptions& options) {
#ifdef _OPENMP
    if (options.threads > 0) omp_set_num_threads(options.threads);
#endif
    if (!options.mrio.empty()) {
        if (!options.scenario.empty())
            throw Error(ErrorKind::usage, "give a scenario file or --mrio, not both");
        return run_simulate_mrio(options);
    }
    if (options.scenario.empty())
        throw Error(ErrorKind::usage, "give a scenario file (SCENARIO.yaml) or --mrio DIR");
    throw Error(ErrorKind::usage, "scenario files are not supported yet");
}

}  // namespace critmin::cli
