// `fundsim validate STUDY...`: everything a run would check, without running.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/parse_arguments.hpp"
#include "errors.hpp"
#include "study/funding_horizon.hpp"
#include "study/study.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

int validate_command(const std::vector<std::string>& args) {
  po::options_description options("fundsim validate STUDY... [options]");
  options.add_options()("help,h", "show this help");
  const po::variables_map vm =
      parse_arguments(args, options, po::value<std::vector<std::string>>(), "study", -1);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  if (!vm.count("study")) throw InputError("fundsim validate: no STUDY file given");
  int invalid = 0;
  for (const std::string& path : vm["study"].as<std::vector<std::string>>()) {
    try {
      const Study study = load_study(path);
      for (const FundingPastHorizon& f : funding_past_horizon(study))
        std::cerr << path << ": " << describe(f, study) << '\n';
      std::size_t sweep_points = 0;
      for (const auto& s : study.scenarios) sweep_points += s.sweep.empty() ? 0 : 1;
      std::cout << path << ": ok (study '" << study.name << "', " << study.classes.size()
                << " classes, " << study.levers.size() << " levers, " << study.parameters.size()
                << " parameters, " << study.scenarios.size() << " scenarios of which "
                << sweep_points << " sweep points; baseline '"
                << study.scenarios[study.baseline].name << "')\n";
    } catch (const InputError& e) {
      std::cerr << e.what() << '\n';
      ++invalid;
    }
  }
  return invalid == 0 ? 0 : 2;
}

}  // namespace fundsim::cli
