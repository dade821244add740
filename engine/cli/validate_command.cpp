// `fundsim validate STUDY...`: everything a run would check, without running.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "errors.hpp"
#include "study/study.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

int validate_command(const std::vector<std::string>& args) {
  po::options_description options("fundsim validate STUDY... [options]");
  options.add_options()("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()("study", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("study", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  if (!vm.count("study")) throw InputError("fundsim validate: no STUDY file given");
  int invalid = 0;
  for (const std::string& path : vm["study"].as<std::vector<std::string>>()) {
    try {
      const Study study = load_study(path);
      std::size_t sweep_points = 0;
      for (const auto& s : study.scenarios) sweep_points += s.sweep.empty() ? 0 : 1;
      std::cout << path << ": ok (study '" << study.name << "', " << study.classes.size()
                << " classes, " << study.levers.size() << " levers, " << study.parameters.size()
                << " parameters, " << study.scenarios.size() << " scenarios of which "
                << sweep_points << " sweep points)\n";
    } catch (const InputError& e) {
      std::cerr << e.what() << '\n';
      ++invalid;
    }
  }
  return invalid == 0 ? 0 : 2;
}

}  // namespace fundsim::cli
