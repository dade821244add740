#pragma once
// Subcommands. Each returns the process exit code for success and throws typed errors
// (fundsim::InputError, OutputError, ...) that main() maps to exit codes.
#include <string>
#include <vector>

namespace fundsim::cli {

class World;

// Under MPI (World::size() > 1) every rank runs its shard and rank 0 merges.
int run_command(const std::vector<std::string>& args, const std::string& command_line,
                const World& world);
int merge_command(const std::vector<std::string>& args, const std::string& command_line);
int validate_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int schema_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int decide_command(const std::vector<std::string>& args);
int optimise_command(const std::vector<std::string>& args, const std::string& command_line);
int sensitivity_command(const std::vector<std::string>& args, const std::string& command_line);
int calibrate_command(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace fundsim::cli
