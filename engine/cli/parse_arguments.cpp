#include "cli/parse_arguments.hpp"

#include "errors.hpp"
#include "study/suggest.hpp"

namespace po = boost::program_options;

namespace fundsim::cli {

po::variables_map parse_arguments(const std::vector<std::string>& args,
                                  const po::options_description& options,
                                  const po::value_semantic* positional_value,
                                  const char* positional_name, int positional_count) {
  po::options_description hidden;
  hidden.add_options()(positional_name, positional_value);
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name, positional_count);
  po::variables_map vm;
  // No guessing of abbreviated long options (--thread for --threads): a script that works by
  // luck breaks silently when a new option shares the prefix.
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(),
              vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> names;
    for (const auto& option : options.options())
      if (!option->long_name().empty()) names.push_back("--" + option->long_name());
    const std::string suggestion = study_detail::did_you_mean(e.get_option_name(), names);
    bool abbreviation = false;
    for (const std::string& name : names)
      abbreviation = abbreviation || name.rfind(e.get_option_name(), 0) == 0;
    throw InputError("fundsim: unrecognised option '" + e.get_option_name() + "'" + suggestion +
                     (abbreviation ? " (options are not abbreviated; see" : " (see") +
                     " fundsim <command> --help)");
  }
  po::notify(vm);
  return vm;
}

}  // namespace fundsim::cli
