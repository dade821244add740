// `fundsim merge OUT.h5 SHARD.h5...`: the shard files of `fundsim run --shard I/N` into the
// file one run would have written (same datasets, bitwise).
#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>

#include "choice/run_decision.hpp"
#include "cli/commands.hpp"
#include "cli/parse_arguments.hpp"
#include "cli/summary_table.hpp"
#include "errors.hpp"
#include "run/merge.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

int merge_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options("fundsim merge OUT.h5 SHARD.h5... [options]");
  options.add_options()("help,h", "show this help")("overwrite", "replace an existing OUT.h5")(
      "decision-sets", po::value<std::string>()->default_value("named"),
      "choice sets whose EVPPIs are written, as for fundsim run (all, named, sweep "
      "names, or none)")("decision-evpi", "and their EVPI, as fundsim run --decision-evpi")(
      "threads", po::value<unsigned>()->default_value(1),
      "threads for the decision statistics (the numbers do not depend on it)")("quiet,q",
                                                                               "no table");
  const po::variables_map vm =
      parse_arguments(args, options, po::value<std::vector<std::string>>(), "file", -1);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  std::vector<std::string> files;
  if (vm.count("file")) files = vm["file"].as<std::vector<std::string>>();
  if (files.size() < 2) {
    throw InputError(
        "fundsim merge: give the output file and then every shard file "
        "(fundsim merge OUT.h5 SHARD.h5...)");
  }
  const std::string output = files.front();
  files.erase(files.begin());
  for (const std::string& f : files) {
    if (f == output)
      throw InputError("fundsim merge: the output " + output + " is also given as a shard");
  }
  const MergeResult merged =
      merge_shards(files, output, vm.count("overwrite") > 0, command_line,
                   choice::run_decision_finisher(vm["decision-sets"].as<std::string>(),
                                                 vm.count("decision-evpi") > 0,
                                                 std::max(1U, vm["threads"].as<unsigned>())));
  if (!vm.count("quiet")) {
    print_summary_table(std::cout, merged.study, merged.results);
    std::cout << "merged " << files.size() << " shards into " << output << " ("
              << merged.identity.spec.replicates << " replicates)\n";
  }
  return 0;
}

}  // namespace fundsim::cli
