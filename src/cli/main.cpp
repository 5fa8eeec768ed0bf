// critmin: the command-line front door. Parses flags, runs a command, prints its report and
// maps failures to exit codes (0 success, 1 runtime failure, 2 usage error, 3 invalid input).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/registry.h"
#include "core/error.h"
#include "io/file.h"
#include "version.h"

namespace {

using critmin::cli::GlobalOptions;

void add_output_flags(CLI::App& command, GlobalOptions& global, bool format_flag) {
    if (format_flag)
        command.add_option("--format", global.format, "Output format: table, json or csv")
            ->check(CLI::IsMember({"table", "json", "csv"}));
    command.add_option("-o,--output", global.output,
                       "Write the result to this file (replaced atomically) instead of stdout");
}

// Issue 17 item 7: an output (-o, --html, --out, --out-producers, --csv) must not replace a file
// the command reads: a file given to any other option or argument, or an existing file inside an
// input folder (--dataset, DIR, --mrio, the embedded dataset). Exit 2 before anything runs.
bool is_output_option(const CLI::Option& o) {
    for (const std::string& name : o.get_lnames())
        if (name == "output" || name == "html" || name == "out" || name == "out-producers" ||
            name == "csv")
            return true;
    return false;
}

void refuse_outputs_over_inputs(const CLI::App& app) {
    namespace fs = std::filesystem;
    std::vector<const CLI::App*> commands;
    for (const CLI::App* c = &app; c != nullptr;) {
        commands.push_back(c);
        const auto subs = c->get_subcommands();
        c = subs.empty() ? nullptr : subs.front();
    }
    std::vector<std::pair<std::string, fs::path>> outputs;
    std::vector<fs::path> inputs{critmin::cli::default_dataset_dir()};
    std::error_code ec;
    for (const CLI::App* c : commands)
        for (const CLI::Option* o : c->get_options()) {
            if (o->count() == 0) continue;
            for (const std::string& value : o->results()) {
                if (value.empty()) continue;
                if (is_output_option(*o))
                    outputs.emplace_back(o->get_name(), fs::weakly_canonical(value, ec));
                else if (fs::exists(value, ec))
                    inputs.push_back(fs::weakly_canonical(value, ec));
            }
        }
    for (const auto& [flag, out] : outputs) {
        if (!fs::exists(out, ec)) continue;  // a new file replaces nothing
        for (const fs::path& in : inputs) {
            const bool same = fs::equivalent(out, in, ec);
            const auto rel = out.lexically_relative(in);
            const bool inside = fs::is_directory(in, ec) && !rel.empty() && *rel.begin() != "..";
            if (same || inside)
                throw critmin::Error(
                    critmin::ErrorKind::usage,
                    fmt::format("{} {} would replace {}, which this command reads; write elsewhere",
                                flag, out.string(),
                                same ? "that input" : "a file of " + in.string()));
        }
    }
}

int run(int argc, char** argv) {
    CLI::App app{"critmin: critical-mineral supply-chain risk and resilience"};
    app.name("critmin");
    app.set_version_flag("--version", std::string("critmin ") + critmin::kVersion);
    app.require_subcommand(1);

    GlobalOptions global;
    // Every command from the registry (cli/registry.cpp), under its group (data, mfa) if any.
    std::vector<critmin::cli::Command> commands = critmin::cli::commands();
    std::vector<CLI::App*> parsers;
    for (const auto& [name, help] : critmin::cli::command_groups())
        app.add_subcommand(name, help)->require_subcommand(1);
    for (const critmin::cli::Command& c : commands) {
        CLI::App* parent = &app;
        for (std::size_t k = 0; k + 1 < c.path.size(); ++k)
            parent = parent->get_subcommand(c.path[k]);
        CLI::App* cmd = parent->add_subcommand(c.path.back(), c.help);
        c.add_options(*cmd);
        add_output_flags(*cmd, global, c.format_flag);
        parsers.push_back(cmd);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::cout << "critmin " << critmin::kVersion << "\n";
        return 0;
    } catch (const CLI::ParseError& e) {
        // Sub-command help requested with --help deep in the tree arrives here too.
        if (e.get_exit_code() == 0) {
            return app.exit(e);
        }
        std::cerr << "critmin: " << e.what() << "\nRun 'critmin --help' for usage.\n";
        return static_cast<int>(critmin::ErrorKind::usage);
    }

    refuse_outputs_over_inputs(app);
    for (std::size_t k = 0; k < commands.size(); ++k)
        if (parsers[k]->parsed()) return commands[k].run(global);
    return 0;
}

}  // namespace

// Output that could not be written (a full disk, a closed pipe) is a failed run, not a
// success: every write to stdout is checked once, at the end.
int checked_stdout(int code) {
    std::cout.flush();
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0 || !std::cout) {
        std::cerr << "critmin: could not write the output to stdout: " << std::strerror(errno)
                  << "\n";
        return code == 0 ? static_cast<int>(critmin::ErrorKind::runtime) : code;
    }
    return code;
}

int main(int argc, char** argv) {
    try {
        return checked_stdout(run(argc, argv));
    } catch (const critmin::InvalidInput& e) {
        std::cerr << e.diagnostics().to_string();
        std::cerr << fmt::format("critmin: invalid input ({} problem(s))\n",
                                 e.diagnostics().size());
        return e.exit_code();
    } catch (const critmin::Error& e) {
        std::cerr << "critmin: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "critmin: internal error: " << e.what() << "\n";
        return static_cast<int>(critmin::ErrorKind::runtime);
    }
}
