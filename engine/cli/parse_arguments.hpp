#pragma once
// The shared part of every subcommand's argument parsing: named options plus positional
// arguments collected under one hidden name.
#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace fundsim::cli {

// positional_count: how many positional arguments `positional_name` takes (-1: any number).
boost::program_options::variables_map parse_arguments(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    const boost::program_options::value_semantic* positional_value, const char* positional_name,
    int positional_count);

}  // namespace fundsim::cli
