// The commands of critmin as data: each is a path (`stress`, `data summary`), a one-line help,
// its option table (cli/option_table.h) and what it runs. main.cpp builds the CLI11 parser from
// this list and runs the command that was parsed; docs/cli.md's option tables are generated from
// it (`options_reference`), and a test keeps them in step.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace critmin::cli {

// --format and -o/--output, given after a command's name.
struct GlobalOptions {
    std::string format = "table";
    std::string output;  // write here (atomically) instead of stdout
};

struct Command {
    std::vector<std::string> path;  // {"stress"} or {"data", "summary"}
    std::string help;
    bool format_flag = true;  // --format (all but data import-baci, which writes CSV)
    std::function<void(CLI::App&)> add_options;
    // Runs the parsed command; returns the exit code.
    std::function<int(const GlobalOptions&)> run;
    std::function<std::string()> markdown;  // the option table for docs/cli.md
};

// Every command, each with its own options struct (fresh per call).
[[nodiscard]] std::vector<Command> commands();
// Commands that only group others (`data`, `mfa`), with their help.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> command_groups();
// The generated part of docs/cli.md: one option table per command.
[[nodiscard]] std::string options_reference();

}  // namespace critmin::cli
